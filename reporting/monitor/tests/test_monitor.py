"""Monitor results: by hand and from a CSV (all or nothing, Dutch errors per line), and
beside the incidents of the same group on the trends page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import otp_login
from reporting.models import MonitorInstrument, MonitorResult
from tests.factories import IncidentFactory, InvolvementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("monitor:page")


@pytest.fixture
def year(school):
    return SchoolYearFactory(school=school)


@pytest.fixture
def as_coordinator(client, coordinator):
    otp_login(client, coordinator)
    return client


def _upload(client, year, text: str):
    file = SimpleUploadedFile("monitor.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(f"{reverse('monitor:import')}?year={year.pk}", {"file": file})


def test_the_instruments_of_the_protocol_are_in_the_list():
    names = set(MonitorInstrument.objects.values_list("name", flat=True))

    assert {"Veiligheidsmonitor (Vensters/IEP)", "IEP Hart & Handen"} <= names


def test_the_coordinator_enters_a_result_by_hand(as_coordinator, year, group_5):
    instrument = MonitorInstrument.objects.get(name="IEP Hart & Handen")

    response = as_coordinator.post(
        f"{PAGE}?year={year.pk}",
        {
            "group": group_5.pk,
            "instrument": instrument.pk,
            "measured_on": "15-03-2027",
            "feel_safe_percent": "87,5",
            "respondents": "24",
            "sub_scores": "Welbevinden: 80\nRelaties: 90",
            "note": "Goed beeld.",
        },
    )

    assert response.status_code == 302
    result = MonitorResult.objects.get()
    assert (result.group, result.feel_safe_percent, result.respondents) == (group_5, 87.5, 24)
    assert result.sub_scores == {"Welbevinden": 80.0, "Relaties": 90.0}


def test_a_date_outside_the_year_is_refused_at_the_field(as_coordinator, year, group_5):
    instrument = MonitorInstrument.objects.first()

    response = as_coordinator.post(
        f"{PAGE}?year={year.pk}",
        {"instrument": instrument.pk, "measured_on": "15-03-2020", "feel_safe_percent": "80"},
    )

    assert response.status_code == 200
    assert "measured_on" in response.context["form"].errors
    assert not MonitorResult.objects.exists()


def test_a_csv_is_saved_whole(as_coordinator, year, group_5, group_7):
    response = _upload(
        as_coordinator,
        year,
        "groep;datum;instrument;veilig;deelnemers;notitie;Welbevinden\n"
        "groep 5;12-03-2027;IEP Hart & Handen;88;25;;81\n"
        "groep 7;12-03-2027;iep hart & handen;91,5%;27;Rustig jaar;\n"
        "school;13-03-2027;Veiligheidsmonitor (Vensters/IEP);90;;;\n",
    )

    assert response.status_code == 302
    assert MonitorResult.objects.count() == 3
    assert MonitorResult.objects.get(group=group_5).sub_scores == {"Welbevinden": 81.0}
    assert MonitorResult.objects.get(group__isnull=True).feel_safe_percent == 90


def test_a_csv_with_a_bad_line_saves_nothing_and_names_every_bad_line(
    as_coordinator, year, group_5
):
    response = _upload(
        as_coordinator,
        year,
        "groep,datum,instrument,veilig\n"
        "groep 5,12-03-2027,IEP Hart & Handen,88\n"
        "groep 9,12-03-2027,IEP Hart & Handen,88\n"
        "groep 5,31-02-2027,Onbekend,120\n",
    )

    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 2
    assert problems[0].startswith(("Line 3", "Regel 3"))
    assert "groep 9" in problems[0]
    assert not MonitorResult.objects.exists()


def test_a_csv_repeating_a_line_saves_nothing(as_coordinator, year, group_5):
    line = "groep 5;12-03-2027;IEP Hart & Handen;88\n"

    response = _upload(as_coordinator, year, "groep;datum;instrument;veilig\n" + line + line)

    assert response.status_code == 200
    assert response.context["problems"][0].startswith(("Line 3", "Regel 3"))
    assert not MonitorResult.objects.exists()


def test_a_file_without_the_columns_is_explained(as_coordinator, year):
    response = _upload(as_coordinator, year, "naam,score\nx,1\n")

    assert "groep" in response.context["problems"][0]


def test_the_ib_cannot_record_results(client, ib, year):
    otp_login(client, ib)

    assert client.get(PAGE).status_code == 403


def test_the_trends_page_shows_the_result_beside_the_groups_incidents(
    as_coordinator, year, group_5, pupil_5, coordinator, ib
):
    MonitorResult.objects.create(
        school_year=year,
        group=group_5,
        instrument=MonitorInstrument.objects.first(),
        measured_on=datetime.date(2027, 3, 12),
        feel_safe_percent=88,
        respondents=25,
        recorded_by=coordinator,
    )
    incident = IncidentFactory(registered_by=ib, reported_at=_moment(2026, 10, 1))
    InvolvementFactory(incident=incident, pupil=pupil_5)

    response = as_coordinator.get(reverse("trends:page"), {"year": year.pk})

    table = next(t for t, _chart in response.context["tables"] if t.key == "monitor")
    assert len(table.rows) == 1
    assert table.rows[0].label.startswith("groep 5")
    assert [cell.text() for cell in table.rows[0].cells] == ["88,0%", "1"]


def _moment(*parts):
    return timezone.make_aware(datetime.datetime(*parts, 10, 0))
