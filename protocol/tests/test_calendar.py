from datetime import UTC, date, datetime, timedelta

import pytest

from protocol.calendar import AMSTERDAM, SchoolCalendar

# 2026: Monday 16 February – Friday 20 February is the spring holiday (krokusvakantie);
# Good Friday 3 April to Easter Monday 6 April are free days around a weekend.
SPRING_HOLIDAY = (date(2026, 2, 16), date(2026, 2, 20))
EASTER = (date(2026, 4, 3), date(2026, 4, 6))
CALENDAR = SchoolCalendar([SPRING_HOLIDAY, EASTER])


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


class TestSchoolDays:
    def test_weekdays_outside_holidays_are_school_days(self):
        assert CALENDAR.is_school_day(date(2026, 3, 2))  # Monday
        assert CALENDAR.is_school_day(date(2026, 3, 6))  # Friday

    def test_weekends_are_never_school_days(self):
        assert not CALENDAR.is_school_day(date(2026, 3, 7))  # Saturday
        assert not CALENDAR.is_school_day(date(2026, 3, 8))  # Sunday

    def test_a_holiday_includes_its_first_and_last_day(self):
        assert not CALENDAR.is_school_day(date(2026, 2, 16))
        assert not CALENDAR.is_school_day(date(2026, 2, 20))
        assert CALENDAR.is_school_day(date(2026, 2, 13))
        assert CALENDAR.is_school_day(date(2026, 2, 23))

    def test_a_one_day_holiday_is_a_range_of_one_day(self):
        calendar = SchoolCalendar([(date(2026, 4, 27), date(2026, 4, 27))])  # King's Day
        assert not calendar.is_school_day(date(2026, 4, 27))
        assert calendar.is_school_day(date(2026, 4, 28))

    def test_it_refuses_a_holiday_that_ends_before_it_starts(self):
        with pytest.raises(ValueError):
            SchoolCalendar([(date(2026, 2, 20), date(2026, 2, 16))])

    def test_it_refuses_a_datetime_where_a_date_is_meant(self):
        with pytest.raises(TypeError):
            CALENDAR.is_school_day(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    def test_next_school_day_is_the_day_itself_on_a_school_day(self):
        assert CALENDAR.next_school_day(date(2026, 3, 4)) == date(2026, 3, 4)

    def test_next_school_day_after_a_weekend_is_monday(self):
        assert CALENDAR.next_school_day(date(2026, 3, 7)) == date(2026, 3, 9)
        assert CALENDAR.next_school_day(date(2026, 3, 8)) == date(2026, 3, 9)

    def test_next_school_day_skips_a_holiday_and_the_weekends_around_it(self):
        assert CALENDAR.next_school_day(date(2026, 2, 14)) == date(2026, 2, 23)
        assert CALENDAR.next_school_day(date(2026, 2, 18)) == date(2026, 2, 23)

    def test_add_school_days_counts_only_school_days(self):
        assert CALENDAR.add_school_days(date(2026, 3, 5), 1) == date(2026, 3, 6)  # Thu → Fri
        assert CALENDAR.add_school_days(date(2026, 3, 5), 2) == date(2026, 3, 9)  # → Mon
        assert CALENDAR.add_school_days(date(2026, 2, 12), 2) == date(2026, 2, 23)

    def test_adding_no_school_days_gives_the_next_school_day(self):
        assert CALENDAR.add_school_days(date(2026, 3, 7), 0) == date(2026, 3, 9)

    def test_it_refuses_to_add_a_negative_number_of_school_days(self):
        with pytest.raises(ValueError):
            CALENDAR.add_school_days(date(2026, 3, 5), -1)

    def test_school_days_between_counts_both_ends_and_skips_the_weekend(self):
        # Thursday to Tuesday: Thu, Fri, Mon, Tue.
        assert CALENDAR.school_days_between(date(2026, 3, 5), date(2026, 3, 10)) == 4

    def test_school_days_between_one_day_is_one(self):
        assert CALENDAR.school_days_between(date(2026, 3, 5), date(2026, 3, 5)) == 1

    def test_school_days_between_a_weekend_is_zero(self):
        assert CALENDAR.school_days_between(date(2026, 3, 7), date(2026, 3, 8)) == 0

    def test_school_days_between_skips_holidays(self):
        # Thursday 12 February to Tuesday 24 February, over the spring holiday.
        assert CALENDAR.school_days_between(date(2026, 2, 12), date(2026, 2, 24)) == 4

    def test_school_days_between_refuses_an_end_before_the_start(self):
        with pytest.raises(ValueError):
            CALENDAR.school_days_between(date(2026, 3, 10), date(2026, 3, 5))


class TestRegistrationDue:
    def test_it_is_24_hours_after_the_report_on_a_school_day(self):
        assert CALENDAR.registration_due(ams(2026, 3, 3, 10, 15)) == ams(2026, 3, 4, 10, 15)

    def test_a_report_on_friday_is_due_on_monday_at_the_same_time(self):
        assert CALENDAR.registration_due(ams(2026, 3, 6, 14, 0)) == ams(2026, 3, 9, 14, 0)

    def test_a_report_on_thursday_is_due_on_friday(self):
        assert CALENDAR.registration_due(ams(2026, 3, 5, 16, 30)) == ams(2026, 3, 6, 16, 30)

    def test_a_due_moment_in_a_holiday_moves_past_the_holiday(self):
        # Reported Friday before the spring holiday: due Saturday, moved over the holiday.
        assert CALENDAR.registration_due(ams(2026, 2, 13, 11, 0)) == ams(2026, 2, 23, 11, 0)

    def test_a_holiday_that_starts_on_the_due_date_and_ends_after_a_weekend(self):
        # Reported Thursday 2 April; due Good Friday; Easter ends on Monday: Tuesday 7 April.
        assert CALENDAR.registration_due(ams(2026, 4, 2, 9, 30)) == ams(2026, 4, 7, 9, 30)

    def test_24_real_hours_across_the_start_of_summer_time(self):
        # Saturday 28 March 09:00 CET + 24 h = Sunday 29 March 10:00 CEST (the clocks went
        # forward at 02:00), moved to Monday at that wall-clock time.
        reported = ams(2026, 3, 28, 9, 0)
        due = CALENDAR.registration_due(reported)
        assert due == ams(2026, 3, 30, 10, 0)
        assert due.utcoffset() == timedelta(hours=2)
        assert due.tzinfo is AMSTERDAM

    def test_24_real_hours_across_the_end_of_summer_time(self):
        # Saturday 24 October 09:00 CEST + 24 h = Sunday 25 October 08:00 CET.
        due = CALENDAR.registration_due(ams(2026, 10, 24, 9, 0))
        assert due == ams(2026, 10, 26, 8, 0)
        assert due.utcoffset() == timedelta(hours=1)

    def test_24_real_hours_in_the_night_the_clocks_change(self):
        # Reported late Saturday night before summer time: 23:30 CET + 24 h is Monday
        # 00:30 CEST, a school day, so it stays.
        due = CALENDAR.registration_due(ams(2026, 3, 28, 23, 30))
        assert due == ams(2026, 3, 30, 0, 30)
        # Subtracting in UTC counts real time (same-zone subtraction counts wall-clock time).
        elapsed = due.astimezone(UTC) - ams(2026, 3, 28, 23, 30).astimezone(UTC)
        assert elapsed == timedelta(hours=24)

    def test_a_report_given_in_utc_is_due_in_amsterdam_time(self):
        due = CALENDAR.registration_due(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
        assert due == ams(2026, 3, 4, 10, 0)
        assert due.tzinfo is AMSTERDAM

    def test_it_refuses_a_naive_moment(self):
        with pytest.raises(ValueError):
            CALENDAR.registration_due(datetime(2026, 3, 3, 9, 0))


class TestStepDeadlines:
    def test_first_evaluation_is_one_week_after_the_agreements(self):
        assert CALENDAR.first_evaluation_due(date(2026, 3, 3)) == date(2026, 3, 10)

    def test_first_evaluation_in_a_holiday_moves_to_the_next_school_day(self):
        # Agreements on Tuesday 10 February: a week later is in the spring holiday.
        assert CALENDAR.first_evaluation_due(date(2026, 2, 10)) == date(2026, 2, 23)

    def test_first_evaluation_on_a_weekend_moves_to_monday(self):
        assert CALENDAR.first_evaluation_due(date(2026, 3, 7)) == date(2026, 3, 16)

    def test_two_weeks_on_a_school_day(self):
        assert CALENDAR.two_week_due(date(2026, 3, 4)) == date(2026, 3, 18)

    def test_two_weeks_that_land_on_good_friday_move_past_easter_monday(self):
        assert CALENDAR.two_week_due(date(2026, 3, 20)) == date(2026, 4, 7)

    def test_two_weeks_that_straddle_a_holiday_still_count_calendar_days(self):
        # From Monday 9 February: 23 February, the Monday after the holiday.
        assert CALENDAR.two_week_due(date(2026, 2, 9)) == date(2026, 2, 23)

    def test_parent_follow_up_is_two_school_days_after_the_first_evaluation(self):
        assert CALENDAR.parent_followup_due(date(2026, 3, 10)) == date(2026, 3, 12)
        assert CALENDAR.parent_followup_due(date(2026, 3, 12)) == date(2026, 3, 16)  # Thu → Mon
        assert CALENDAR.parent_followup_due(date(2026, 4, 2)) == date(2026, 4, 8)  # Easter

    def test_step_deadlines_refuse_a_datetime(self):
        with pytest.raises(TypeError):
            CALENDAR.two_week_due(datetime(2026, 3, 4, 9, 0, tzinfo=AMSTERDAM))


def test_the_previous_school_day_skips_the_weekend_and_holidays():
    calendar = SchoolCalendar([(date(2026, 12, 21), date(2027, 1, 1))])

    assert calendar.previous_school_day(date(2026, 11, 23)) == date(2026, 11, 20)
    assert calendar.previous_school_day(date(2026, 11, 24)) == date(2026, 11, 23)
    assert calendar.previous_school_day(date(2027, 1, 4)) == date(2026, 12, 18)
