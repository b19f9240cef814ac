"""The directie enters the school's holidays; the deadlines follow them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Holiday
from cases.school.calendar import school_calendar
from cases.school.services import holiday_create, holiday_delete, holiday_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def create(user, school_year, **overrides):
    fields = {
        "name": " Kerstvakantie ",
        "start_date": date(2026, 12, 19),
        "end_date": date(2027, 1, 3),
    }
    fields.update(overrides)
    return holiday_create(user=user, school_year=school_year, **fields)


def test_the_directie_enters_a_holiday_that_the_calendar_then_skips(directie, school_year):
    holiday = create(directie, school_year)

    assert holiday.name == "Kerstvakantie"
    assert school_calendar().next_school_day(date(2026, 12, 21)) == date(2027, 1, 4)


def test_a_holiday_may_reach_beyond_its_school_year(directie, school_year):
    holiday = create(
        directie,
        school_year,
        name="Zomervakantie",
        start_date=date(2027, 7, 10),
        end_date=date(2027, 8, 22),
    )
    assert holiday.end_date > school_year.end_date


def test_a_holiday_ends_on_or_after_its_first_day(directie, school_year):
    with pytest.raises(ValidationError) as raised:
        create(directie, school_year, start_date=date(2027, 1, 3), end_date=date(2026, 12, 19))
    assert "end_date" in raised.value.message_dict
    assert not Holiday.objects.exists()


def test_a_one_day_holiday_is_allowed(directie, school_year):
    holiday = create(
        directie,
        school_year,
        name="Studiedag",
        start_date=date(2027, 2, 10),
        end_date=date(2027, 2, 10),
    )
    assert not school_calendar().is_school_day(holiday.start_date)


def test_a_holiday_needs_a_name(directie, school_year):
    with pytest.raises(ValidationError) as raised:
        create(directie, school_year, name="  ")
    assert "name" in raised.value.message_dict


@pytest.mark.parametrize("who", ["teacher", "ib", "coordinator"])
def test_only_the_directie_changes_the_holidays(who, request, school_year, directie):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        create(user, school_year)
    holiday = create(directie, school_year)
    with pytest.raises(PermissionDenied):
        holiday_update(holiday=holiday, user=user, name="Wintervakantie")
    with pytest.raises(PermissionDenied):
        holiday_delete(holiday=holiday, user=user)
    assert Holiday.objects.get().name == "Kerstvakantie"


def test_the_directie_corrects_and_removes_a_holiday(directie, school_year):
    holiday = create(directie, school_year)

    holiday_update(holiday=holiday, user=directie, end_date=date(2027, 1, 5))
    assert school_calendar().next_school_day(date(2027, 1, 4)) == date(2027, 1, 6)

    holiday_delete(holiday=holiday, user=directie)
    assert school_calendar().is_school_day(date(2027, 1, 4))
