"""Every view, download, PDF and export of an incident or case is logged: who, what, when —
never what was read."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.conftest import image_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.models import AccessAction, AccessLog, AccessObject, ActionPlan, Attachment
from cases.visibility.permissions import visibility_sync
from cases.visibility.services import access_log_record
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 15, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture
def incident(teacher, pupil_5):
    incident = IncidentFactory(registered_by=teacher, description="Sem werd uitgescholden.")
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync(incidents=[incident])
    return incident


def test_opening_an_incident_logs_who_and_when(client, teacher, incident):
    with time_machine.travel(NOW, tick=False):
        password_login(client, teacher)
        client.get(incident.get_absolute_url())

    (access,) = AccessLog.objects.all()
    assert (access.user, access.action, access.object_type, access.object_id, access.at) == (
        teacher,
        AccessAction.VIEW,
        AccessObject.INCIDENT,
        incident.pk,
        NOW,
    )


def test_the_log_holds_no_content():
    fields = {f.name for f in AccessLog._meta.get_fields()}

    # An export of the list is one row: its filters (as in the address) and how many rows.
    assert fields == {
        "id",
        "user",
        "action",
        "object_type",
        "object_id",
        "at",
        "filters",
        "row_count",
    }


def test_downloading_an_attachment_logs_a_download_of_the_incident(client, teacher, incident):
    file = upload("bewijs.png", image_bytes("PNG"))
    attachment = attachments_store_pending(
        uploads=[(file, attachment_inspect(file))], uploaded_by=teacher
    )[0]
    Attachment.objects.filter(pk=attachment.pk).update(incident=incident)
    password_login(client, teacher)

    client.get(reverse("cases:attachment_download", args=[incident.pk, attachment.pk]))

    access = AccessLog.objects.get()
    assert (access.action, access.object_type, access.object_id) == (
        AccessAction.DOWNLOAD,
        AccessObject.INCIDENT,
        incident.pk,
    )


def test_an_outsider_who_gets_not_found_is_not_logged_as_having_opened_it(
    client, other_teacher, incident
):
    password_login(client, other_teacher)

    assert client.get(incident.get_absolute_url()).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_list_logs_nothing(client, ib, incident):
    # A list row shows who and when, not what happened: opening the incident is what counts.
    otp_login(client, ib)

    client.get(reverse("cases:incident_list"))

    assert not AccessLog.objects.exists()


def test_an_export_of_many_objects_is_logged_in_one_insert(teacher):
    incidents = IncidentFactory.create_batch(30)
    case = CaseFactory()

    with CaptureQueriesContext(connection) as queries:
        access_log_record(user=teacher, action=AccessAction.EXPORT, objects=[*incidents, case])

    assert len(queries) == 1
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 31
    assert AccessLog.objects.filter(object_type=AccessObject.CASE, object_id=case.pk).exists()


def test_an_unknown_action_is_refused(teacher, incident):
    with pytest.raises(ValueError):
        access_log_record(user=teacher, action="peek", objects=[incident])


@pytest.fixture
def case(incident, teacher):
    case = CaseFactory(opened_by=teacher)
    incident.case = case
    incident.save()
    visibility_sync(incidents=[incident])
    return case


def test_opening_a_case_logs_it(client, teacher, case):
    password_login(client, teacher)

    client.get(case.get_absolute_url())

    access = AccessLog.objects.get()
    assert (access.user, access.action, access.object_type, access.object_id) == (
        teacher,
        AccessAction.VIEW,
        AccessObject.CASE,
        case.pk,
    )


def test_a_pdf_of_a_case_is_logged_as_printed(client, teacher, case):
    plan = ActionPlan.objects.create(
        case=case,
        created_by=teacher,
        period_start="2027-03-15",
        period_end="2027-03-29",
        analysis="Analyse.",
        goals="Doelen.",
        evaluate_on="2027-03-29",
    )
    password_login(client, teacher)

    response = client.get(reverse("cases:action_plan_pdf", args=[case.pk, plan.pk]))

    assert response.status_code == 200
    access = AccessLog.objects.get()
    assert (access.action, access.object_type, access.object_id) == (
        AccessAction.PDF,
        AccessObject.CASE,
        case.pk,
    )


def test_opening_a_report_to_verify_it_logs_the_incident(client, teacher, incident):
    password_login(client, teacher)

    client.get(reverse("cases:incident_verify", args=[incident.pk]))

    access = AccessLog.objects.get()
    assert (access.action, access.object_type, access.object_id) == (
        AccessAction.VIEW,
        AccessObject.INCIDENT,
        incident.pk,
    )
