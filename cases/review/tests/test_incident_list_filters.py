"""The incident list filters the weekoverzicht's "meer" links use: week, verified, reviewed."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.review.services import incident_review_record
from protocol.calendar import AMSTERDAM
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:incident_list")


@pytest.fixture
def incidents(ib):
    monday = datetime(2027, 3, 15, 0, 0, tzinfo=AMSTERDAM)
    sunday_late = datetime(2027, 3, 14, 23, 59, tzinfo=AMSTERDAM)
    in_week = IncidentFactory(occurred_on=date(2027, 3, 12), registered_at=monday)
    before = IncidentFactory(
        occurred_on=date(2027, 3, 14), registered_at=sunday_late, verified_at=sunday_late
    )
    incident_review_record(incident=before, reviewed_by=ib)
    return {"in_week": in_week, "before": before}


def _listed(client, **params) -> list:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["incidents"])


def test_the_week_filter_counts_registration_from_monday_midnight(client, ib, incidents):
    otp_login(client, ib)

    assert _listed(client, week="2027-W11") == [incidents["in_week"]]
    assert _listed(client, week="2027-W10") == [incidents["before"]]


def test_verified_and_reviewed_filters(client, ib, incidents):
    otp_login(client, ib)

    assert _listed(client, verification="awaiting") == [incidents["in_week"]]
    assert _listed(client, reviewed="yes") == [incidents["before"]]
    assert _listed(client, reviewed="no") == [incidents["in_week"]]


def test_a_wrong_week_is_said_at_the_field_and_ignored(client, ib, incidents):
    otp_login(client, ib)

    response = client.get(LIST, {"week": "week elf"})

    assert response.status_code == 200
    assert response.context["filter_form"].errors["week"]
    assert len(response.context["incidents"]) == 2
