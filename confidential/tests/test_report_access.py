"""Who opened a confidential report is kept in the confidential app itself, read by the
confidant only; it never reaches the access log of incidents and cases that the directie
reads."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import AccessLog, AccessObject
from confidential.models import ReportAccess
from confidential.tests.factories import ConfidentialReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    return ConfidentialReportFactory()


def detail(report) -> str:
    return reverse("confidential:report_detail", args=[report.pk])


def test_opening_a_report_notes_who_and_when(client, confidant, report):
    otp_login(client, confidant)

    client.get(detail(report))

    access = ReportAccess.objects.get()
    assert (access.report, access.user) == (report, confidant)


def test_the_confidant_sees_who_opened_the_report(client, confidant, report):
    otp_login(client, confidant)
    client.get(detail(report))

    html = client.get(detail(report)).content.decode()

    assert 'id="accesses"' in html
    assert html.count(str(confidant)) >= 2


def test_nothing_about_a_confidential_report_reaches_the_case_access_log(client, confidant, report):
    otp_login(client, confidant)

    client.get(detail(report))

    assert not AccessLog.objects.exists()
    # The case access log knows incidents, the incident list (exports), cases and pupils'
    # records: no kind of object a confidential report could be logged as.
    assert set(AccessObject.values) == {"incident", "incident_list", "case", "pupil"}


@pytest.mark.parametrize("role", ["teacher", "ib", "directie", "coordinator"])
def test_an_outsider_is_not_noted_and_learns_nothing(client, request, report, role):
    otp_login(client, request.getfixturevalue(role))

    assert client.get(detail(report)).status_code == 404
    assert not ReportAccess.objects.exists()
