"""The incident list and the incident detail page are read through an index on PostgreSQL.

The SQL is the pages' own (captured from a request), explained on the database. At the few
hundred rows a test can afford the planner rightly prefers reading a small table whole, so
the plans are asked with `enable_seqscan = off`: that does not forbid a sequential scan, it
prices one so high that the planner picks any plan an index can serve, and falls back to a
sequential scan only when no index fits the query. A sequential scan of the incidents in
those plans is therefore exactly the failure this guards against (a visibility filter that
ORs the school-wide and the per-object permission, or an order no index matches); at board
scale (`make bench`) the planner chooses the same index plans by itself.

PostgreSQL only (CI runs the suite on it); skipped on SQLite.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import otp_login, password_login
from cases.models import Incident, Involvement
from cases.visibility.permissions import visibility_sync
from tests.factories import PupilFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

INCIDENTS = 600
LIST = reverse("cases:incident_list")


@pytest.fixture
def many_incidents(teacher, other_teacher, group_5, group_7):
    """Incidents of two groups, one in four the teacher's; returns one of hers."""
    pupils = {
        group.pk: PupilFactory.create_batch(5, school=group.school, group=group)
        for group in (group_5, group_7)
    }
    now = timezone.now()
    made = Incident.objects.bulk_create(
        Incident(
            occurred_on=now.date() - datetime.timedelta(days=n % 300),
            reported_at=now - datetime.timedelta(days=n % 300, minutes=n),
            registered_at=now - datetime.timedelta(days=n % 300),
            reporter_kind="pupil",
            location="playground",
            description="Uitgescholden bij het hek.",
            classification="teasing" if n % 2 else "bullying",
            registered_by=other_teacher,
        )
        for n in range(INCIDENTS)
    )
    Involvement.objects.bulk_create(
        Involvement(
            incident=incident,
            pupil=pupils[group_5.pk if n % 4 == 0 else group_7.pk][n % 5],
            role="victim",
        )
        for n, incident in enumerate(made)
    )
    visibility_sync()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made[0]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _page_queries(client, url: str, params: dict | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _incident_query(queries: list[str], marker: str) -> str:
    """The page's query of the incidents themselves (not their pupils or the permissions)."""
    (sql,) = [
        sql for sql in queries if sql.startswith('SELECT "cases_incident"."id"') and marker in sql
    ]
    return sql


def _assert_indexed(plan: str) -> None:
    assert "Seq Scan on cases_incident " not in plan, plan
    assert "Seq Scan on cases_incidentuserobjectpermission" not in plan, plan
    assert "Index" in plan, plan


@pytest.mark.parametrize("params", [{}, {"classification": "bullying"}])
def test_the_teachers_incident_list_is_read_through_indexes(
    client, teacher, many_incidents, params
):
    password_login(client, teacher)

    sql = _incident_query(_page_queries(client, LIST, params), "LIMIT")

    _assert_indexed(_plan(sql))
    assert "cases_incidentuserobjectpermission" in sql
    assert " OR " not in sql  # one branch: the per-object permissions only


@pytest.mark.parametrize("params", [{}, {"classification": "bullying"}])
def test_the_ibs_incident_list_is_read_in_the_lists_order_from_an_index(
    client, ib, many_incidents, params
):
    otp_login(client, ib)

    plan = _plan(_incident_query(_page_queries(client, LIST, params), "LIMIT"))

    _assert_indexed(plan)
    assert "incident_list_" in plan, plan  # the order's index: no sort of every incident
    assert "Sort" not in plan.split("->")[1], plan


def test_the_incident_detail_is_read_through_indexes(client, teacher, many_incidents):
    password_login(client, teacher)
    url = many_incidents.get_absolute_url()

    marker = f'"cases_incident"."id" = {many_incidents.pk}'
    sql = _incident_query(_page_queries(client, url), marker)

    plan = _plan(sql)
    _assert_indexed(plan)
    assert "cases_incident_pkey" in plan, plan
