"""The home page "Mijn werk": reports to verify and the user's open cases, urgent first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from cases.models import Case
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import bullying_incident, open_case, today
from cases.tests.workspace_helpers import client_for, html
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def a_case(teacher, group, *, due_in: int | None) -> Case:
    case = open_case(
        bullying_incident(
            registered_by=teacher,
            bully=PupilFactory(school=group.school, group=group),
            victim=PupilFactory(school=group.school, group=group),
        ),
        teacher,
    )
    due = today() + timedelta(days=due_in) if due_in is not None else None
    Case.objects.filter(pk=case.pk).update(
        next_deadline=due, next_deadline_kind="first_evaluation" if due else ""
    )
    return case


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_healthcheck_stays_where_it_was(client, db):
    assert client.get(reverse("healthz")).status_code == 200


def test_my_cases_are_ordered_overdue_first_then_by_deadline(teacher, group_5, clock):
    later = a_case(teacher, group_5, due_in=5)
    without = a_case(teacher, group_5, due_in=None)
    overdue = a_case(teacher, group_5, due_in=-2)
    soon = a_case(teacher, group_5, due_in=1)

    response = client_for(teacher).get(HOME)

    rows = response.context["cases"]
    assert [row["case"] for row in rows] == [overdue, soon, later, without]
    assert [row["deadline"].overdue for row in rows[:3]] == [True, False, False]
    assert rows[3]["deadline"] is None


def test_an_overdue_case_gets_a_red_badge(teacher, group_5, clock):
    a_case(teacher, group_5, due_in=-1)

    page = html(client_for(teacher).get(HOME))

    assert page.count('class="badge badge-late"') == 1
    assert gettext("overdue") in page


def test_only_my_own_open_cases_are_listed(teacher, other_teacher, group_5, group_7, clock, ib):
    mine = a_case(teacher, group_5, due_in=3)
    theirs = a_case(other_teacher, group_7, due_in=1)
    closed = a_case(teacher, group_5, due_in=2)
    case_transition(case=closed, name="close_early", user=ib, reason="Opgelost.")

    response = client_for(teacher).get(HOME)

    cases = [row["case"] for row in response.context["cases"]]
    assert cases == [mine]
    assert theirs.get_absolute_url() not in html(response)


def test_reports_awaiting_verification_are_listed_with_a_verify_link(
    teacher, incident, pupil_5, clock
):
    response = client_for(teacher).get(HOME)

    rows = response.context["incidents"]
    assert [row["incident"] for row in rows] == [incident]
    page = html(response)
    assert reverse("cases:incident_verify", args=[incident.pk]) in page
    assert "Sem Bakker" in page


def test_a_verified_report_is_no_longer_listed(teacher, incident, clock):
    open_case(incident, teacher)

    response = client_for(teacher).get(HOME)

    assert response.context["incidents"] == []


def test_a_teacher_of_another_group_has_nothing_to_verify(other_teacher, incident, clock):
    response = client_for(other_teacher).get(HOME)

    assert response.context["incidents"] == []
    assert gettext("No incidents are waiting for you to verify.") in html(response)


def test_the_new_incident_button_shows_when_incidents_can_be_registered(teacher, db):
    page = html(client_for(teacher).get(HOME))

    try:
        create_url = reverse("cases:incident_create")
    except NoReverseMatch:
        assert gettext("New incident") not in page
    else:
        assert f'href="{create_url}"' in page


def test_the_home_page_makes_the_same_number_of_queries_for_2_and_20_cases(
    teacher, group_5, clock, django_assert_max_num_queries
):
    for due in (1, 2):
        a_case(teacher, group_5, due_in=due)
    bullying_incident(
        registered_by=teacher, bully=PupilFactory(group=group_5), victim=PupilFactory(group=group_5)
    )
    client = client_for(teacher)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    expected = len(queries)
    for due in range(18):
        a_case(teacher, group_5, due_in=due)
        bullying_incident(
            registered_by=teacher,
            bully=PupilFactory(group=group_5),
            victim=PupilFactory(group=group_5),
        )

    with django_assert_max_num_queries(expected):
        response = client.get(HOME)
    assert len(response.context["cases"]) == 20


def test_each_section_shows_its_first_rows_the_total_and_a_link_to_all(
    teacher, group_5, clock, monkeypatch
):
    monkeypatch.setattr("cases.stappenplan.views.home.MY_WORK_ROWS", 2)
    cases = [a_case(teacher, group_5, due_in=due) for due in (3, 1, 2)]
    for _ in range(3):
        bullying_incident(
            registered_by=teacher,
            bully=PupilFactory(group=group_5),
            victim=PupilFactory(group=group_5),
        )

    response = client_for(teacher).get(HOME)

    assert [row["case"] for row in response.context["cases"]] == [cases[1], cases[2]]
    assert response.context["cases_total"] == 3
    assert len(response.context["incidents"]) == 2
    assert response.context["incidents_total"] == 3
    page = html(response)
    assert f"{reverse('cases:incident_list')}?verification=awaiting" in page
    assert gettext("The first %(shown)s of %(total)s.") % {"shown": 2, "total": 3} in page
