"""The school calendar built from the holidays the directie entered."""

from cases.models import Holiday
from protocol.calendar import SchoolCalendar


def school_calendar() -> SchoolCalendar:
    """Every holiday of every school year: a deadline set late in one school year may land in
    the next one, and the summer holiday lies between two."""
    return SchoolCalendar(Holiday.objects.values_list("start_date", "end_date"))
