"""The list of cases: open ones by their next deadline, closed ones on request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import bullying_incident, open_case, today
from cases.tests.workspace_helpers import client_for, html
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:case_list")


def a_case(teacher, group, due_in=None) -> Case:
    case = open_case(
        bullying_incident(
            registered_by=teacher,
            bully=PupilFactory(school=group.school, group=group),
            victim=PupilFactory(school=group.school, group=group),
        ),
        teacher,
    )
    if due_in is not None:
        Case.objects.filter(pk=case.pk).update(
            next_deadline=today() + timedelta(days=due_in), next_deadline_kind="first_evaluation"
        )
    return case


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_open_cases_are_listed_by_their_next_deadline(teacher, group_5, clock):
    without = a_case(teacher, group_5)
    later = a_case(teacher, group_5, due_in=4)
    overdue = a_case(teacher, group_5, due_in=-1)

    response = client_for(teacher).get(LIST)

    assert [row["case"] for row in response.context["rows"]] == [overdue, later, without]
    assert 'class="badge badge-late"' in html(response)


def test_closed_cases_are_listed_apart(teacher, group_5, ib, clock):
    still_open = a_case(teacher, group_5)
    closed = a_case(teacher, group_5)
    case_transition(case=closed, name="close_early", user=ib, reason="Opgelost.")
    client = client_for(teacher)

    assert [row["case"] for row in client.get(LIST).context["rows"]] == [still_open]
    assert [row["case"] for row in client.get(LIST + "?status=gesloten").context["rows"]] == [
        closed
    ]


def test_the_list_shows_the_pupils_and_their_roles(teacher, case):
    page = html(client_for(teacher).get(LIST))

    assert "Sem Bakker" in page
    assert "Lotte van Dam" in page
    assert case.get_absolute_url() in page


def test_the_list_makes_the_same_number_of_queries_for_2_and_30_cases(
    teacher, group_5, clock, django_assert_num_queries
):
    for _ in range(2):
        a_case(teacher, group_5, due_in=1)
    client = client_for(teacher)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    for _ in range(28):
        a_case(teacher, group_5, due_in=2)

    with django_assert_num_queries(len(queries)):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 30
