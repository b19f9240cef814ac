"""Week boundaries: ISO weeks from Monday 00:00 Europe/Amsterdam; holidays skipped."""

from datetime import UTC, date, datetime, timedelta

from cases.review.weeks import Week, last_complete_school_week, school_weeks_ending
from protocol.calendar import AMSTERDAM, SchoolCalendar

NO_HOLIDAYS = SchoolCalendar()
# Voorjaarsvakantie 2027: the week of 15 February.
SPRING_BREAK = SchoolCalendar([(date(2027, 2, 15), date(2027, 2, 19))])


def test_a_week_starts_on_monday_midnight_in_amsterdam():
    week = Week.containing(date(2027, 3, 17))

    assert week.start == datetime(2027, 3, 15, 0, 0, tzinfo=AMSTERDAM)
    assert week.end == datetime(2027, 3, 22, 0, 0, tzinfo=AMSTERDAM)
    # 23:30 UTC on Sunday is already Monday 00:30 in Amsterdam (winter time).
    assert week.start <= datetime(2027, 3, 14, 23, 30, tzinfo=UTC) < week.end
    assert not week.start <= datetime(2027, 3, 14, 22, 59, tzinfo=UTC) < week.end


def test_the_week_across_the_summer_time_change_has_167_hours():
    week = Week(date(2027, 3, 22))  # clocks go forward on Sunday 28 March

    assert week.end.astimezone(UTC) - week.start.astimezone(UTC) == timedelta(hours=167)


def test_iso_week_names_round_trip():
    week = Week.parse("2027-W11")

    assert week == Week(date(2027, 3, 15))
    assert str(week) == "2027-W11"
    assert week.number == 11
    assert Week.parse("2026-W53") == Week(date(2026, 12, 28))
    assert Week.parse("2027-W53") is None
    assert Week.parse("11") is None
    assert Week.parse("9999-W52") is None
    assert Week.parse("0001-W01") is None
    assert Week.parse("") is None


def test_the_default_week_is_the_last_complete_one():
    wednesday = date(2027, 3, 24)

    assert last_complete_school_week(wednesday, NO_HOLIDAYS) == Week(date(2027, 3, 15))
    # On Monday the week just ended is complete; on Sunday it is not yet.
    assert last_complete_school_week(date(2027, 3, 22), NO_HOLIDAYS) == Week(date(2027, 3, 15))
    assert last_complete_school_week(date(2027, 3, 21), NO_HOLIDAYS) == Week(date(2027, 3, 8))


def test_a_holiday_week_is_not_the_default():
    monday_after_break = date(2027, 2, 22)

    assert last_complete_school_week(monday_after_break, SPRING_BREAK) == Week(date(2027, 2, 8))


def test_school_weeks_skip_a_holiday_week():
    week = Week(date(2027, 3, 15))

    assert school_weeks_ending(week, 8, NO_HOLIDAYS) == Week(date(2027, 1, 25))
    assert school_weeks_ending(week, 8, SPRING_BREAK) == Week(date(2027, 1, 18))
    assert school_weeks_ending(week, 1, SPRING_BREAK) == week
