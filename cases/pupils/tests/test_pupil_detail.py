"""The pupil's page: the chronology and the counts of roles, read through the selectors,
logged as an access, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.models import AccessAction, AccessLog, AccessObject
from cases.pupils.tests.conftest import incident_about
from cases.pupils.views import ENTRIES_PER_PAGE
from cases.visibility.permissions import visibility_sync
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


def url(pupil) -> str:
    return reverse("cases:pupil_detail", args=[pupil.pk])


def kinds(response) -> list[tuple[str, int]]:
    return [(entry.kind, entry.obj.pk) for entry in response.context["entries"]]


def test_the_ib_reads_the_whole_chronology_newest_first(client, ib, pupil_5, record):
    otp_login(client, ib)

    response = client.get(url(pupil_5))

    assert response.status_code == 200
    assert kinds(response) == [
        ("suspension", record["suspension"].pk),
        ("incident", record["groep_7"].pk),
        ("agreement", record["agreement"].pk),
        ("case", record["case"].pk),
        ("incident", record["this_year"].pk),
        ("incident", record["last_year"].pk),
    ]
    html = response.content.decode()
    assert "Sem laat Lotte met rust in de pauze." in html
    assert "Nagekomen" in html  # the agreement's outcome, in Dutch


def test_each_incident_shows_the_pupils_role_in_it(client, ib, pupil_5, record):
    otp_login(client, ib)

    entries = client.get(url(pupil_5)).context["entries"]

    roles = {entry.obj.pk: entry.role for entry in entries if entry.kind == "incident"}
    assert roles == {
        record["last_year"].pk: "Gepeste",
        record["this_year"].pk: "Pester",
        record["groep_7"].pk: "Zwijgende middengroep",
    }


def test_the_roles_are_counted_per_school_year(client, ib, pupil_5, record):
    otp_login(client, ib)

    response = client.get(url(pupil_5))

    # Columns in the order of the roles: bully, victim, follower, defender, bystander.
    assert response.context["role_rows"] == [
        ("2026-2027", [1, 0, 0, 0, 1]),
        ("2025-2026", [0, 1, 0, 0, 0]),
    ]


def test_the_other_groups_teacher_reads_only_what_she_may_see(
    client, other_teacher, pupil_5, record
):
    password_login(client, other_teacher)

    response = client.get(url(pupil_5))

    assert response.status_code == 200
    assert kinds(response) == [("incident", record["groep_7"].pk)]
    assert response.context["role_rows"] == [("2026-2027", [0, 0, 0, 0, 1])]
    assert "Sem laat Lotte" not in response.content.decode()


def test_a_teacher_gets_not_found_for_a_pupil_she_may_not_see(client, teacher, pupil_7):
    password_login(client, teacher)

    assert client.get(url(pupil_7)).status_code == 404
    assert not AccessLog.objects.exists()


def test_opening_the_page_is_logged(client, ib, pupil_5, record):
    otp_login(client, ib)

    client.get(url(pupil_5))

    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_type, log.object_id) == (
        ib,
        AccessAction.VIEW,
        AccessObject.PUPIL,
        pupil_5.pk,
    )


def test_a_pupil_with_nothing_recorded_has_an_empty_page(client, teacher, pupil_5b, years):
    password_login(client, teacher)

    response = client.get(url(pupil_5b))

    assert response.status_code == 200
    assert response.context["entries"] == []


def test_the_chronology_is_paginated(client, ib, pupil_5, years):
    for day in range(ENTRIES_PER_PAGE + 3):
        incident_about(
            pupil_5, "victim", datetime.date(2026, 9, 1) + datetime.timedelta(day), by=ib
        )
    otp_login(client, ib)

    first = client.get(url(pupil_5))
    second = client.get(url(pupil_5), {"page": 2})

    assert len(first.context["entries"]) == ENTRIES_PER_PAGE
    assert len(second.context["entries"]) == 3
    assert first.context["entries"][0].day == datetime.date(2026, 9, 23)
    assert second.context["entries"][-1].day == datetime.date(2026, 9, 1)


@pytest.mark.parametrize("page", ["999", "x", "-1"])
def test_a_page_number_out_of_range_shows_a_page(client, ib, pupil_5, record, page):
    otp_login(client, ib)

    assert client.get(url(pupil_5), {"page": page}).status_code == 200


def _grow(record, ib, pupil_5, group_7):
    """Twice as much of everything on Sem's record."""
    for n in range(3):
        other = PupilFactory(school=group_7.school, group=group_7)
        incident_about(
            pupil_5,
            "follower",
            datetime.date(2026, 9, 10 + n),
            by=ib,
            case=record["case"],
            others=[(other, "victim")],
        )
    record["agreement"].pk = None
    record["agreement"].save()
    visibility_sync()


@pytest.mark.parametrize("who", ["ib", "teacher"])
def test_the_query_count_does_not_grow_with_the_record(
    client, request, who, pupil_5, record, group_7, ib, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    visibility_sync(users=[user])
    (otp_login if who == "ib" else password_login)(client, user)
    client.get(url(pupil_5))
    with CaptureQueriesContext(connection) as before:
        client.get(url(pupil_5))
    _grow(record, ib, pupil_5, group_7)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url(pupil_5))
    assert len(response.context["entries"]) == 6 + 3 + 1
