"""The coordinator's Mijn werk shows the weekly review's open items as counts (§3.2, §11.1)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.review.selectors import review_open_items
from protocol.calendar import AMSTERDAM
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 17, 10, 0, tzinfo=AMSTERDAM)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def school_year(school):
    return SchoolYearFactory(school=school)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _school(pupil, *, repeats: int, waiting: int, overdue: int) -> None:
    for days in range(repeats):
        InvolvementFactory(
            pupil=pupil, incident=IncidentFactory(occurred_on=TODAY - datetime.timedelta(days))
        )
    IncidentFactory.create_batch(waiting)
    CaseFactory.create_batch(overdue, next_deadline=TODAY - datetime.timedelta(days=1))
    CaseFactory(next_deadline=TODAY)  # due today: not overdue


def test_it_counts_what_needs_attention(clock, coordinator, pupil_5):
    _school(pupil_5, repeats=3, waiting=2, overdue=2)

    items = review_open_items(coordinator, today=TODAY)

    assert items.awaiting_verification == 3 + 2
    assert items.overdue_cases == 2
    assert items.repeat_pupils == 1
    assert items.any


def test_two_incidents_are_not_yet_repeated_involvement(clock, coordinator, pupil_5):
    _school(pupil_5, repeats=2, waiting=0, overdue=0)

    assert review_open_items(coordinator, today=TODAY).repeat_pupils == 0


@pytest.mark.parametrize("role", ["teacher", "ib", "directie", "confidant"])
def test_only_the_coordinator_gets_them(clock, role, request, django_assert_max_num_queries):
    user = request.getfixturevalue(role)
    with django_assert_max_num_queries(1):  # the roles, nothing of the review
        assert review_open_items(user, today=TODAY) is None


@pytest.mark.parametrize("repeats", [3, 12])
def test_the_coordinators_mijn_werk_shows_them_in_a_fixed_number_of_queries(
    clock, client, coordinator, pupil_5, repeats, django_assert_num_queries
):
    _school(pupil_5, repeats=repeats, waiting=repeats, overdue=repeats)
    otp_login(client, coordinator)
    client.get(reverse("home"))

    with django_assert_num_queries(QUERIES):
        html = client.get(reverse("home")).content.decode()

    assert 'id="weekoverzicht-open"' in html
    assert f"{repeats * 2} meldingen wachten op verificatie" in html
    assert reverse("reporting:week") in html


QUERIES = 15  # the same for 3 and 12 of each
