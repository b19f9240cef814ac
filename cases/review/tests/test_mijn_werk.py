"""Mijn werk lists a school week nobody reviewed by its Friday, for the IB and the directie."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.review.services import week_review_record
from cases.review.weeks import Week
from protocol.calendar import AMSTERDAM
from tests.factories import SchoolYearFactory

pytestmark = pytest.mark.django_db

WEEK = Week(datetime(2027, 3, 15).date())
SATURDAY = datetime(2027, 3, 20, 9, 0, tzinfo=AMSTERDAM)
FRIDAY_EVENING = datetime(2027, 3, 19, 22, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def school_year(school):
    return SchoolYearFactory(school=school)


def _listed(client) -> bool:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return f"?week={WEEK}" in response.content.decode()


@pytest.mark.parametrize("role", ["ib", "directie"])
def test_the_week_appears_after_its_friday_until_it_is_reviewed(client, role, request):
    user = request.getfixturevalue(role)

    with time_machine.travel(FRIDAY_EVENING, tick=False):
        otp_login(client, user)
        assert not _listed(client)
    with time_machine.travel(SATURDAY, tick=False):
        otp_login(client, user)
        assert _listed(client)
        week_review_record(week=WEEK, reviewed_by=user)
        assert not _listed(client)


def test_a_teacher_and_the_coordinator_are_not_asked(client, teacher, coordinator):
    with time_machine.travel(SATURDAY, tick=False):
        password_login(client, teacher)
        assert not _listed(client)
        otp_login(client, coordinator)
        assert not _listed(client)
