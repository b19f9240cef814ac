"""ISO weeks as the weekly review counts them: Monday 00:00 to the next Monday 00:00,
Europe/Amsterdam time. Pure arithmetic; the school calendar comes in as an argument."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from protocol.calendar import AMSTERDAM, SchoolCalendar

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ONE_WEEK = timedelta(days=7)
# Far enough back to step over the summer holiday when looking for a school week.
_MAX_WEEKS_BACK = 12
_FIRST_YEAR, _LAST_YEAR = 2000, 2999


@dataclass(frozen=True, order=True)
class Week:
    monday: date

    @classmethod
    def containing(cls, day: date) -> "Week":
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str) -> "Week | None":
        """`2026-W48` as a week; None for anything else (including week 53 of a short year)."""
        match = _ISO_WEEK.match(text or "")
        # Years far from today would overflow the date arithmetic of the weeks around them.
        if not match or not _FIRST_YEAR <= int(match[1]) <= _LAST_YEAR:
            return None
        try:
            return cls(date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            return None

    def __str__(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def friday(self) -> date:
        return self.monday + timedelta(days=4)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time(0), tzinfo=AMSTERDAM)

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 (exclusive); across a daylight-saving change too."""
        return datetime.combine(self.monday + _ONE_WEEK, time(0), tzinfo=AMSTERDAM)

    @property
    def previous(self) -> "Week":
        return Week(self.monday - _ONE_WEEK)

    @property
    def next(self) -> "Week":
        return Week(self.monday + _ONE_WEEK)

    def has_school_days(self, calendar: SchoolCalendar) -> bool:
        return any(calendar.is_school_day(self.monday + timedelta(days=i)) for i in range(5))


def last_complete_school_week(today: date, calendar: SchoolCalendar) -> Week:
    """The latest week that is over (its Sunday lies before today) and had a school day."""
    week = Week.containing(today).previous
    for _ in range(_MAX_WEEKS_BACK):
        if week.has_school_days(calendar):
            return week
        week = week.previous
    return Week.containing(today).previous


def school_weeks_ending(week: Week, count: int, calendar: SchoolCalendar) -> Week:
    """The first of the `count` school weeks that end with `week` (itself included when it has
    school days): weeks entirely in a holiday are not counted, so the span is longer."""
    first, counted = week, 0
    candidate = week
    for _ in range(count + 52):
        if candidate.has_school_days(calendar):
            counted += 1
            first = candidate
            if counted == count:
                break
        candidate = candidate.previous
    return first
