"""The inzage export (art. 15 AVG): everything kept about one pupil, as a PDF for the
directie, in which no other pupil is named; logged; in a fixed number of queries."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.helpers import otp_login, password_login
from cases.models import (
    AccessAction,
    AccessLog,
    AccessObject,
    Conversation,
    IncidentCorrection,
    ParentContact,
    SignalObservation,
)
from cases.pupils.inzage import pupil_record
from cases.pupils.tests.conftest import incident_about
from protocol.models import Signal
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def url(pupil) -> str:
    return reverse("cases:pupil_inzage", args=[pupil.pk])


@pytest.fixture
def full_record(record, ib, directie, pupil_5, pupil_5b, pupil_7):
    """Sem's record (see conftest) with free text naming the others, a conversation, a
    contact with his parents, a signal and a correction."""
    incident = record["this_year"]
    incident.description = "Sem duwde Lotte van Dam van de glijbaan; Noah keek toe."
    incident.reporter_name = "Mevrouw Kuipers"
    incident.save()
    case = record["case"]
    case.analysis = "Lotte is bang voor Sem. NOAH SMIT lacht mee."
    case.save()
    conversation = Conversation.objects.create(
        case=case,
        created_by=ib,
        kind="separate",
        held_on=datetime.date(2026, 10, 6),
        notes="Sem zegt dat Lotte begon.",
    )
    conversation.pupils.add(pupil_5)
    ParentContact.objects.create(
        case=case,
        created_by=ib,
        pupil=pupil_5,
        contacted_on=datetime.date(2026, 10, 7),
        channel="phone",
        summary="Vader van Sem gebeld over Lotte.",
    )
    SignalObservation.objects.create(
        pupil=pupil_5,
        signal=Signal.objects.create(
            key="bully-power", kind="bully", text="Wil zich machtig voelen."
        ),
        observed_on=datetime.date(2026, 10, 9),
        note="Commandeert Lotte.",
        recorded_by=ib,
        recorded_at=datetime.datetime(2026, 10, 9, 12, tzinfo=datetime.UTC),
    )
    IncidentCorrection.objects.create(
        incident=incident,
        corrected_by=ib,
        corrected_at=datetime.datetime(2026, 10, 10, 12, tzinfo=datetime.UTC),
        reason="Noah stond erbij, niet Daan.",
        fields=["description"],
    )
    return record


def test_the_directie_reads_everything_kept_about_the_pupil(client, directie, pupil_5, full_record):
    otp_login(client, directie)

    response = client.get(url(pupil_5))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Sem Bakker",
        "duwde",  # the incident
        f"#{full_record['case'].pk}",  # the case
        "zegt dat",  # the conversation
        "Sem laat",  # the agreement
        "gebeld over",  # the contact with the parents
        "Wil zich machtig voelen.",  # the signal
        "stond erbij",  # the correction
        "Herhaald pesten.",  # the suspension
    ):
        assert expected in text, expected


def test_no_other_pupil_is_named_in_the_pdf(
    client, directie, pupil_5, pupil_5b, pupil_7, full_record
):
    otp_login(client, directie)

    text = pdf_text(client.get(url(pupil_5)).content)

    for other in (pupil_5b, pupil_7):
        for name in (other.first_name, other.last_name, other.full_name):
            assert name.lower() not in text.lower(), name
    # "leerling A" once the Dutch of this branch is compiled into the catalogue.
    assert re.search(r"(leerling|pupil) A", text) and re.search(r"(leerling|pupil) B", text)


def test_the_reporters_name_is_left_out(client, directie, pupil_5, full_record):
    otp_login(client, directie)

    assert "Kuipers" not in pdf_text(client.get(url(pupil_5)).content)


def test_the_export_is_logged_for_the_pupil_and_each_incident_and_case(
    client, directie, pupil_5, full_record
):
    otp_login(client, directie)

    client.get(url(pupil_5))

    logged = set(
        AccessLog.objects.filter(user=directie, action=AccessAction.EXPORT).values_list(
            "object_type", "object_id"
        )
    )
    assert logged == {
        (AccessObject.PUPIL, pupil_5.pk),
        (AccessObject.CASE, full_record["case"].pk),
        *(
            (AccessObject.INCIDENT, full_record[k].pk)
            for k in ("last_year", "this_year", "groep_7")
        ),
    }


@pytest.mark.parametrize("who", ["ib", "coordinator", "teacher"])
def test_only_the_directie_produces_it(client, request, who, pupil_5, full_record):
    user = request.getfixturevalue(who)
    (password_login if who == "teacher" else otp_login)(client, user)

    assert client.get(url(pupil_5)).status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_record_is_read_in_a_fixed_number_of_queries(
    directie, pupil_5, group_7, ib, full_record
):
    pupil_record(user=directie, pupil=pupil_5)  # warms the cached permission lookup
    with CaptureQueriesContext(connection) as few:
        pupil_record(user=directie, pupil=pupil_5)
    for n in range(4):
        other = PupilFactory(school=group_7.school, group=group_7)
        incident_about(
            pupil_5,
            "victim",
            datetime.date(2026, 9, 1 + n),
            by=ib,
            case=full_record["case"],
            others=[(other, "bully")],
        )

    with CaptureQueriesContext(connection) as many:
        record = pupil_record(user=directie, pupil=pupil_5)

    assert len(record.sections["incidents"]) == 7
    assert len(many.captured_queries) == len(few.captured_queries)
