"""Verifying from the report's own page, and the follow-up note of a verification shown on the
report, in the CSV export and on the case the report belongs to."""

import csv
import io

import pytest
from django.urls import reverse

from cases.incidents.verification import incident_verify
from cases.tests.workspace_helpers import client_for, html

pytestmark = pytest.mark.django_db

EXPORT = reverse("cases:incident_export")


def verify_link(incident) -> str:
    return f'href="{reverse("cases:incident_verify", args=[incident.pk])}"'


def test_the_teacher_who_may_verify_finds_the_button_on_the_report(teacher, incident):
    page = html(client_for(teacher).get(incident.get_absolute_url()))

    assert verify_link(incident) in page


def test_someone_who_may_not_verify_reads_that_it_is_not_verified_yet(coordinator, incident):
    response = client_for(coordinator).get(incident.get_absolute_url())

    assert response.status_code == 200
    assert verify_link(incident) not in html(response)
    assert 'id="verification"' in html(response)


def test_a_verified_report_shows_its_follow_up_and_no_button(teacher, incident):
    incident_verify(
        incident=incident, user=teacher, classification="teasing", note="Samen weer vrienden."
    )

    page = html(client_for(teacher).get(incident.get_absolute_url()))

    assert verify_link(incident) not in page
    assert "Samen weer vrienden." in page


def test_a_report_verified_as_bullying_links_to_its_case(teacher, incident):
    case = incident_verify(
        incident=incident, user=teacher, classification="bullying", note="Herhaald, groep erbij."
    )

    page = html(client_for(teacher).get(incident.get_absolute_url()))

    assert f'href="{case.get_absolute_url()}"' in page
    assert "Herhaald, groep erbij." in page


def test_the_export_carries_the_follow_up_note(ib, teacher, incident):
    incident_verify(
        incident=incident, user=teacher, classification="aggression", note="=Ouders gebeld."
    )

    response = client_for(ib).get(EXPORT)

    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(row) == len(header)
    # Defused like every other cell a spreadsheet would run.
    assert row[-1] == "'=Ouders gebeld."
