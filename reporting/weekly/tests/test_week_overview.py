"""The weekoverzicht page: what it shows, to whom, and in how many queries."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from reporting.weekly.selectors import SECTION_LIMIT
from reporting.weekly.tests.conftest import TODAY, WEEK, build_school

pytestmark = pytest.mark.django_db

URL = reverse("reporting:week")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _page(client, user, **params):
    otp_login(client, user)
    return client.get(URL, {"week": str(WEEK), **params})


def test_it_defaults_to_the_last_complete_school_week(client, ib, school_year):
    otp_login(client, ib)

    response = client.get(URL)

    assert response.context["week"] == WEEK


def test_the_ib_sees_late_registrations_with_their_delay_and_the_follow_up_note(
    client, ib, teacher, group_5, school_year
):
    made = build_school(scale=1, group=group_5, teacher=teacher, ib=ib)

    html = _page(client, ib).content.decode()

    assert f'id="melding-{made["late"][0].pk}"' in html
    assert "3 dagen en 2 uur" in html or "3 days and 2 hours" in html
    assert "Met beiden gepraat" in html
    assert made["repeat"][0].full_name in html


def test_filters_narrow_the_registrations(client, ib, teacher, group_5, school_year):
    made = build_school(scale=1, group=group_5, teacher=teacher, ib=ib)

    response = _page(client, ib, late="on")

    rows = [row["incident"] for row in response.context["registrations"].rows]
    assert rows == made["late"]


def test_the_query_count_is_the_same_for_a_school_ten_times_as_large(
    client, ib, teacher, group_5, school_year, django_assert_max_num_queries
):
    build_school(scale=1, group=group_5, teacher=teacher, ib=ib)
    otp_login(client, ib)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"week": str(WEEK)})

    build_school(scale=SECTION_LIMIT // 5 + 10, group=group_5, teacher=teacher, ib=ib)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"week": str(WEEK)})

    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(response.context["registrations"].rows) == SECTION_LIMIT
    assert response.context["registrations"].has_more


@pytest.mark.parametrize("actor", ["teacher", "confidant"])
def test_a_teacher_or_the_aanspreekpersoon_alone_is_refused(client, actor, request):
    user = request.getfixturevalue(actor)
    if actor == "teacher":
        password_login(client, user)
    else:
        otp_login(client, user)

    assert client.get(URL).status_code == 403


def test_the_figures_count_the_week_beside_the_four_before(
    client, ib, teacher, group_5, school_year
):
    build_school(scale=2, group=group_5, teacher=teacher, ib=ib)

    response = _page(client, ib)

    weeks = response.context["weeks"]
    figures = {row.label: row.values for row in response.context["counts"] if not row.heading}
    assert weeks[0] == WEEK and weeks[-1] == WEEK.previous.previous.previous.previous
    registrations, late = list(figures.values())[:2]
    assert registrations == [10, 0, 0, 0, 0]
    assert late == [2, 0, 0, 0, 0]
    assert figures["Verbaal"] == [6, 0, 0, 0, 0]


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2027-W99", "x", "2027-W11\x00"])
def test_a_strange_week_falls_back_to_the_default(client, ib, school_year, week):
    response = _page(client, ib, week=week)

    assert response.status_code == 200
    assert response.context["week"] == WEEK
