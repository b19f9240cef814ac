"""The yearly report: drafts by the coordinator, adoption by the directie, the
aanspreekpersoon's counts (and nothing else of hers), the PDF and the CSV."""

import csv
import io
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.helpers import otp_login
from confidential.models import ForwardRecipient, ReportForward
from confidential.tests.factories import ConfidentialReportFactory
from protocol.calendar import AMSTERDAM
from reporting.models import ConfidantContribution, Training, YearReport
from tests.factories import IncidentFactory, InvolvementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

SECRET = "Mijn buurjongen Daan schopt mij elke dag"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2027, 6, 1, 12, 0, tzinfo=AMSTERDAM), tick=False):
        yield


@pytest.fixture
def year(school):
    return SchoolYearFactory(school=school)


@pytest.fixture
def incidents(year, ib, pupil_5):
    for day in range(1, 7):
        incident = IncidentFactory(
            registered_by=ib,
            reported_at=datetime(2026, 10, day, 10, 0, tzinfo=AMSTERDAM),
            registered_at=datetime(2026, 10, day, 11, 0, tzinfo=AMSTERDAM),
            location="playground" if day < 6 else "gym",
        )
        InvolvementFactory(incident=incident, pupil=pupil_5)


@pytest.fixture
def confidential_reports(ib):
    reports = [
        ConfidentialReportFactory(
            message=SECRET,
            reporter_kind="pupil",
            created_at=datetime(2026, 11, 3, 9, 0, tzinfo=AMSTERDAM),
        )
        for _n in range(2)
    ]
    ConfidentialReportFactory(
        reporter_kind="parent", created_at=datetime(2026, 12, 3, 9, 0, tzinfo=AMSTERDAM)
    )
    ReportForward.objects.create(
        report=reports[0], recipient=ForwardRecipient.INCIDENT, text="Doorgegeven.", forwarded_by=ib
    )
    return reports


def _login(client, user):
    otp_login(client, user)
    return client


def _url(name, year, *args):
    return reverse(f"yearly:{name}", args=[year.pk, *args])


def test_the_coordinator_saves_drafts_and_the_directie_adopts(
    client, coordinator, directie, year, incidents
):
    _login(client, coordinator)
    response = client.post(
        _url("report", year), {"conclusions": "Minder pesten.", "measures": "", "version": 0}
    )
    assert response.status_code == 302
    client.post(
        _url("report", year),
        {"conclusions": "Minder pesten.", "measures": "Pleinwacht.", "version": 1},
    )
    report = YearReport.objects.get()
    assert (report.version, report.history.count()) == (2, 2)

    _login(client, directie)
    client.post(_url("adopt", year))

    report.refresh_from_db()
    assert report.adopted_by == directie
    assert report.adopted_at is not None
    _login(client, coordinator)
    response = client.post(
        _url("report", year), {"conclusions": "Anders.", "measures": "x", "version": 2}
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.conclusions == "Minder pesten."


def test_a_stale_draft_is_refused_and_kept_on_the_form(client, coordinator, year):
    _login(client, coordinator)
    client.post(_url("report", year), {"conclusions": "Eerste.", "measures": "", "version": 0})

    response = client.post(
        _url("report", year), {"conclusions": "Mijn tekst.", "measures": "", "version": 0}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Mijn tekst." in response.content.decode()
    assert YearReport.objects.get().conclusions == "Eerste."


def test_an_empty_report_cannot_be_adopted(client, coordinator, directie, year):
    _login(client, coordinator)
    client.post(_url("report", year), {"conclusions": "Alleen dit.", "measures": "", "version": 0})
    _login(client, directie)

    client.post(_url("adopt", year))

    assert YearReport.objects.get().adopted_at is None


def test_the_ib_reads_but_cannot_write_or_adopt(client, ib, year):
    _login(client, ib)

    assert client.get(_url("report", year)).status_code == 200
    assert client.post(_url("report", year), {"conclusions": "x"}).status_code == 403
    assert client.post(_url("adopt", year)).status_code == 403


def test_the_aanspreekpersoon_sees_counts_and_releases_them_with_her_text(
    client, confidant, coordinator, year, confidential_reports
):
    _login(client, confidant)
    page = client.get(_url("contribution", year)).content.decode()
    assert SECRET not in page

    client.post(_url("contribution", year), {"text": "Meer meldingen van ouders.", "release": ""})

    contribution = ConfidantContribution.objects.get()
    assert contribution.counts == {
        "total": 3,
        "passed_on_as_incident": 1,
        "per_month": {"2026-11": 2, "2026-12": 1},
        "per_kind": {"pupil": 2, "parent": 1},
    }
    _login(client, coordinator)
    report_page = client.get(_url("report", year)).content.decode()
    assert "Meer meldingen van ouders." in report_page
    assert SECRET not in report_page


def test_nothing_of_the_aanspreekpersoon_shows_before_she_releases(
    client, confidant, coordinator, year, confidential_reports
):
    _login(client, confidant)
    client.post(_url("contribution", year), {"text": "Concept.", "save": ""})
    _login(client, coordinator)

    response = client.get(_url("report", year))

    assert "Concept." not in response.content.decode()
    assert not [t for t, _c in response.context["tables"] if t.key.startswith("confidant")]


def test_the_contribution_page_is_hidden_from_everyone_else(client, coordinator, directie, year):
    for user in (coordinator, directie):
        _login(client, user)
        assert client.get(_url("contribution", year)).status_code == 404


def test_the_pdf_holds_the_text_the_training_and_hides_small_numbers(
    client, coordinator, year, incidents
):
    _login(client, coordinator)
    client.post(
        _url("report", year),
        {"conclusions": "Het plein vraagt aandacht.", "measures": "Extra toezicht.", "version": 0},
    )
    client.post(
        _url("training_add", year),
        {"held_on": "05-10-2026", "subject": "Traumasensitief onderwijs", "participants": "Team"},
    )
    assert Training.objects.count() == 1

    response = client.get(_url("pdf", year))

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Het plein vraagt aandacht." in text
    assert "Traumasensitief onderwijs" in text
    assert "< 5" in text
    assert "Schoolplein" in text


def test_the_csv_hides_small_numbers(client, coordinator, year, incidents):
    _login(client, coordinator)

    response = client.get(_url("csv", year, "location"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = {row[0]: row[1] for row in rows[1:]}
    assert "5" in cells.values()
    assert "< 5" in cells.values()


def test_the_current_year_redirects_to_its_report(client, coordinator, year):
    _login(client, coordinator)

    response = client.get(reverse("yearly:current"))

    assert response.status_code == 302
    assert response["Location"] == _url("report", year)
