"""The demo shows the product: holidays of the region, cases in several steps (one overdue),
teasing verified with its follow-up, and a distinct name per account."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from cases.demo import demo_seed
from cases.demo.holidays import easter, holiday_dates
from cases.models import Case, Holiday, Incident
from protocol.stappenplan import CaseState

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.datetime(2026, 11, 24, 10, 30, tzinfo=AMSTERDAM)
D = datetime.date


@pytest.fixture
def seeded():
    with time_machine.travel(TODAY, tick=False):
        yield demo_seed()


def test_easter_falls_on_the_known_sundays():
    assert [easter(y) for y in (2024, 2026, 2027)] == [
        D(2024, 3, 31),
        D(2026, 4, 5),
        D(2027, 3, 28),
    ]


def test_the_holidays_are_the_published_ones_of_region_zuid():
    dates = {
        str(name): (start, end) for name, start, end in holiday_dates(D(2026, 8, 17), D(2027, 7, 9))
    }
    assert len(dates) == 8
    assert (D(2026, 10, 17), D(2026, 10, 25)) in dates.values()  # herfst
    assert (D(2026, 12, 19), D(2027, 1, 3)) in dates.values()  # kerst
    assert (D(2027, 2, 6), D(2027, 2, 14)) in dates.values()  # voorjaar (carnaval)
    assert (D(2027, 4, 24), D(2027, 5, 2)) in dates.values()  # mei
    assert (D(2027, 7, 10), D(2027, 8, 22)) in dates.values()  # zomer


def test_the_demo_school_year_has_its_holidays_as_editable_rows(seeded):
    assert Holiday.objects.filter(school_year=seeded.school_year).count() == 8
    assert seeded.created["holidays"] == 8


def test_the_demo_has_cases_in_several_steps_one_overdue(seeded):
    today = TODAY.date()
    states = set(Case.objects.values_list("state", flat=True))

    assert seeded.created["cases"] == 4
    assert states == {CaseState.STEP_1, CaseState.STEP_2, CaseState.STEP_4, CaseState.STEP_5}
    overdue = Case.objects.filter(next_deadline__lt=today)
    assert overdue.count() == 1
    assert overdue.get().state == CaseState.STEP_4
    assert not Case.objects.filter(opened_at__date__gte=today).exists()


def test_the_step_changes_happened_in_the_past_in_order(seeded):
    for case in Case.objects.all():
        moments = list(case.transitions.order_by("pk").values_list("at", flat=True))
        assert moments == sorted(moments)
        assert all(moment < TODAY for moment in moments)


def test_two_reports_were_verified_as_teasing_or_aggression_with_a_follow_up(seeded):
    teasing = Incident.objects.filter(verified_classification__in=["teasing", "aggression"])

    assert teasing.count() == 2
    assert all(incident.follow_up_note for incident in teasing)


def test_every_demo_account_has_a_name_of_its_own(seeded):
    names = [str(user) for user in User.objects.all()]

    assert len(names) == len(set(names)) == 6


def test_a_second_run_adds_no_holidays_or_cases(seeded):
    with time_machine.travel(TODAY + datetime.timedelta(days=2), tick=False):
        again = demo_seed()

    assert again.created["holidays"] == again.created["cases"] == 0
    assert Case.objects.count() == 4
