"""The school calendar built from the school years and the holidays the directie entered."""

from datetime import timedelta

from cases.models import Holiday, SchoolYear
from protocol.calendar import SchoolCalendar


def school_calendar() -> SchoolCalendar:
    """Every holiday of every school year, and the days between two school years (the summer):
    a deadline set late in one school year may land in the next one. Before the first and after
    the last known school year every weekday counts, so an installation without a calendar
    still keeps its deadlines."""
    holidays = list(Holiday.objects.values_list("start_date", "end_date"))
    years = sorted(SchoolYear.objects.values_list("start_date", "end_date"))
    for (_, previous_end), (next_start, _) in zip(years, years[1:], strict=False):
        if next_start - previous_end > timedelta(days=1):
            holidays.append((previous_end + timedelta(days=1), next_start - timedelta(days=1)))
    return SchoolCalendar(holidays)
