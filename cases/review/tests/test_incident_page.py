"""The incident page says who reviewed the registration, and shows the follow-up note."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.review.services import incident_review_record
from cases.visibility.permissions import visibility_sync
from tests.factories import IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db


def test_the_incident_page_names_the_reviewer_and_the_follow_up(client, teacher, ib, pupil_5):
    incident = IncidentFactory(
        registered_by=teacher,
        verified_at="2027-03-19T12:00:00+01:00",
        verified_by=ib,
        verified_classification="teasing",
        follow_up_note="Met beiden gepraat.",
    )
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync()
    password_login(client, teacher)
    assert (
        "Carla"
        not in client.get(incident.get_absolute_url())
        .content.decode()
        .split('id="review"')[1]
        .split("</dd>")[0]
    )

    incident_review_record(incident=incident, reviewed_by=ib)

    html = client.get(incident.get_absolute_url()).content.decode()
    review = html.split('id="review"')[1].split("</dd>")[0]
    assert str(ib) in review
    assert "Met beiden gepraat." in html


def test_the_ib_sees_the_review_too(client, ib, pupil_5):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    incident_review_record(incident=incident, reviewed_by=ib)
    otp_login(client, ib)

    assert str(ib) in client.get(incident.get_absolute_url()).content.decode()


def test_the_directie_reads_the_review_in_the_incidents_history(client, ib, directie, pupil_5):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    incident_review_record(incident=incident, reviewed_by=ib)
    otp_login(client, directie)

    response = client.get(reverse("cases:incident_history", args=[incident.pk]))

    reviewers = [
        change.new
        for entry in response.context["history"]
        for change in entry.changes
        if change.new == str(ib)
    ]
    assert reviewers == [str(ib)]
