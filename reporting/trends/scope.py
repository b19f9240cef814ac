"""What a trends page or a yearly report is about: a school year (or part of it), optionally
one group, with the same dates of the previous year beside it."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cases.models import SchoolGroup, SchoolYear


@dataclass(frozen=True)
class Window:
    """A run of days, both ends included."""

    start: datetime.date
    end: datetime.date

    @property
    def start_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        return _local_midnight(self.end + datetime.timedelta(days=1))

    def moments(self, field: str) -> Q:
        """`field` (a date and time) falls in the window, in the school's time zone."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def days(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Scope:
    year: SchoolYear
    current: Window
    previous: Window
    group: SchoolGroup | None = None

    @property
    def whole(self) -> Window:
        """Both windows and the days between them: the rows one query reads."""
        return Window(self.previous.start, self.current.end)

    @property
    def start_month(self) -> int:
        return self.current.start.month


def scope_for(
    year: SchoolYear,
    *,
    group: SchoolGroup | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Scope:
    """The chosen part of `year` (all of it by default), and the same dates a year earlier."""
    current = Window(
        max(start or year.start_date, year.start_date), min(end or year.end_date, year.end_date)
    )
    previous = Window(year_earlier(current.start), year_earlier(current.end))
    return Scope(year=year, current=current, previous=previous, group=group)
