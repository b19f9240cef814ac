"""The trends page: who may open it, what it shows, its CSV, its queries and the CSP."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.models import Incident, Involvement
from reporting.trends.charts import chart_stylesheet
from reporting.trends.tests.conftest import at
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("trends:page")


def _csv(url, client):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def as_coordinator(client, coordinator):
    otp_login(client, coordinator)
    return client


def test_a_teacher_is_refused(client, teacher, years):
    password_login(client, teacher)

    assert client.get(PAGE).status_code == 403


def test_the_page_shows_each_table_with_its_chart(as_coordinator, school_data):
    response = as_coordinator.get(PAGE)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="pygal-chart mv-chart"') >= 8
    assert "WhatsApp" in body
    assert reverse("trends:csv", args=["location"]) in body


def test_the_page_has_no_inline_script_or_style(as_coordinator, school_data):
    body = as_coordinator.get(PAGE).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert "<style" not in body
    assert not re.search(r"\sstyle=", body)
    assert not re.search(r"\son[a-z]+=", body)


def test_the_chart_styles_are_the_static_file(settings):
    stylesheet = (settings.BASE_DIR / "static" / "css" / "charts.css").read_text()

    assert chart_stylesheet() in stylesheet


def test_a_wrong_choice_gets_a_dutch_error_and_the_default_year(as_coordinator, school_data):
    response = as_coordinator.get(PAGE, {"start": "31-02-2027", "end": "01-01-2020"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["scope"].year.name == "2026-2027"


def test_the_csv_hides_counts_below_five(as_coordinator, school_data):
    rows = _csv(reverse("trends:csv", args=["location"]), as_coordinator)

    assert rows[0][0] == "Meldingen per plek"
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert ["< 5", "0"] in by_label.values()
    assert all("1" not in cells and "2" not in cells for cells in by_label.values())


def test_the_csv_shows_five_or_more(as_coordinator, school_data, ib, group_5, school):
    for hour in range(5):
        incident = Incident.objects.create(
            occurred_on=at("2026-11-02T10:00").date(),
            reported_at=at(f"2026-11-02T1{hour}:00"),
            registered_at=at(f"2026-11-02T1{hour}:30"),
            reporter_kind="pupil",
            location="gym",
            description="Voorval.",
            registered_by=ib,
        )
        Involvement.objects.create(
            incident=incident, pupil=PupilFactory(school=school, group=group_5), role="victim"
        )

    rows = _csv(reverse("trends:csv", args=["location"]), as_coordinator)

    assert ["5", "< 5"] in [row[1:] for row in rows[1:]]


def test_an_unknown_table_is_not_found(as_coordinator, school_data):
    assert as_coordinator.get(reverse("trends:csv", args=["nope"])).status_code == 404


def test_the_query_count_does_not_grow_with_the_incidents(
    as_coordinator, school_data, ib, group_5, school
):
    with CaptureQueriesContext(connection) as before:
        as_coordinator.get(PAGE)
    for day in range(1, 25):
        incident = Incident.objects.create(
            occurred_on=at(f"2027-01-{day:02d}T10:00").date(),
            reported_at=at(f"2027-01-{day:02d}T10:00"),
            registered_at=at(f"2027-01-{day:02d}T11:00"),
            reporter_kind="pupil",
            location="classroom",
            description="Voorval.",
            registered_by=ib,
        )
        Involvement.objects.create(
            incident=incident, pupil=PupilFactory(school=school, group=group_5), role="bully"
        )

    with CaptureQueriesContext(connection) as after:
        response = as_coordinator.get(PAGE)

    assert response.status_code == 200
    assert len(after) == len(before)
    assert len(after) <= 45
