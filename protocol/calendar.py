"""School days and the protocol's deadlines.

Pure arithmetic: the caller passes every date and moment in (nothing here reads the clock),
and the school's holidays come in as data, one inclusive date range per holiday, taken from
the school year. Weekends are never school days.

Deadlines (protocol §11 and §11.1):
- registration of a reported incident: 24 hours after the report (`registration_due`);
- first evaluation: one week after the step-2 agreements (`first_evaluation_due`);
- follow-up conversations and action-plan evaluations: two weeks (`two_week_due`);
- the promised contact with the parents after the first evaluation (`parent_followup_due`).
A deadline that lands on a weekend or in a holiday moves to the next school day.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

REGISTRATION_WINDOW = timedelta(hours=24)
FIRST_EVALUATION_AFTER = timedelta(days=7)
FOLLOW_UP_AFTER = timedelta(days=14)
# The protocol says only "after the first evaluation": two school days gives the teacher the
# evaluation day itself and the next one to ring or meet the parents.
PARENT_FOLLOWUP_SCHOOL_DAYS = 2

_ONE_DAY = timedelta(days=1)


def _as_date(value: date, name: str) -> date:
    # A datetime is a date too; accepting one would silently carry a time (and a UTC date that
    # differs from the Dutch one around midnight) into date arithmetic.
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not a datetime")
    return value


class SchoolCalendar:
    """The school days of one school: weekdays that are not in a holiday."""

    def __init__(self, holidays: Iterable[tuple[date, date]] = ()) -> None:
        ranges = []
        for start, end in holidays:
            _as_date(start, "holiday start")
            _as_date(end, "holiday end")
            if end < start:
                raise ValueError(f"holiday ends ({end}) before it starts ({start})")
            ranges.append((start, end))
        self.holidays: tuple[tuple[date, date], ...] = tuple(sorted(ranges))

    def __repr__(self) -> str:
        return f"SchoolCalendar(holidays={list(self.holidays)!r})"

    def is_holiday(self, day: date) -> bool:
        day = _as_date(day, "day")
        return any(start <= day <= end for start, end in self.holidays)

    def is_school_day(self, day: date) -> bool:
        day = _as_date(day, "day")
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_school_day(self, day: date) -> date:
        """`day` itself when it is a school day, otherwise the first school day after it."""
        day = _as_date(day, "day")
        while not self.is_school_day(day):
            day += _ONE_DAY
        return day

    def previous_school_day(self, day: date) -> date:
        """The last school day before `day`."""
        day = _as_date(day, "day") - _ONE_DAY
        while not self.is_school_day(day):
            day -= _ONE_DAY
        return day

    def add_school_days(self, day: date, count: int) -> date:
        """The `count`-th school day after `day` (`day` itself does not count).

        With `count` 0 this is `next_school_day(day)`.
        """
        day = _as_date(day, "day")
        if count < 0:
            raise ValueError("count must not be negative")
        if count == 0:
            return self.next_school_day(day)
        while count:
            day += _ONE_DAY
            if self.is_school_day(day):
                count -= 1
        return day

    def school_days_between(self, start: date, end: date) -> int:
        """How many school days lie from `start` to `end`, both included."""
        start = _as_date(start, "start")
        end = _as_date(end, "end")
        if end < start:
            raise ValueError(f"end ({end}) lies before start ({start})")
        count = 0
        day = start
        while day <= end:
            count += self.is_school_day(day)
            day += _ONE_DAY
        return count

    # Deadlines.

    def registration_due(self, reported_at: datetime) -> datetime:
        """When a reported incident must be registered: 24 real hours after the report.

        When that moment falls on a weekend or holiday, the deadline moves to the next school
        day at the same Amsterdam wall-clock time as the 24-hour moment itself. Moving the
        date never lands on a daylight-saving change (those happen on Sundays, which are no
        school days), so the moved wall-clock time always exists and is unambiguous.
        """
        if reported_at.tzinfo is None or reported_at.utcoffset() is None:
            raise ValueError("reported_at must be timezone-aware")
        # Adding to a UTC moment counts real hours; adding to an Amsterdam one would count
        # wall-clock hours and give 23 or 25 real hours across a daylight-saving change.
        due = (reported_at.astimezone(UTC) + REGISTRATION_WINDOW).astimezone(AMSTERDAM)
        if self.is_school_day(due.date()):
            return due
        day = self.next_school_day(due.date())
        return datetime.combine(day, due.time().replace(fold=0), tzinfo=AMSTERDAM)

    def first_evaluation_due(self, agreements_on: date) -> date:
        """One week after the step-2 agreements were made."""
        return self.next_school_day(
            _as_date(agreements_on, "agreements_on") + FIRST_EVALUATION_AFTER
        )

    def two_week_due(self, from_date: date) -> date:
        """Two weeks after `from_date`: the next conversation, the action plan's evaluation."""
        return self.next_school_day(_as_date(from_date, "from_date") + FOLLOW_UP_AFTER)

    def parent_followup_due(self, first_evaluation_on: date) -> date:
        """The contact promised to the parents in step 3, after the first evaluation."""
        return self.add_school_days(
            _as_date(first_evaluation_on, "first_evaluation_on"), PARENT_FOLLOWUP_SCHOOL_DAYS
        )
