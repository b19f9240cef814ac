"""The handelingsplan and the suspension letter, one click away on the workspace."""

import pytest
from django.urls import reverse

from cases.tests.case_steps import (
    bullies,
    bullying_incident,
    escalate_to_step_6,
    open_case,
    record_action_plan,
    suspend,
)
from cases.tests.workspace_helpers import client_for, html
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(case, teacher, ib):
    record_action_plan(case, teacher, ib)
    return case.action_plans.get()


@pytest.fixture
def suspension(case, teacher, ib, directie):
    escalate_to_step_6(case, teacher, ib)
    return suspend(case, directie, bullies(case)[0])


@pytest.fixture
def other_case(teacher, pupil_7):
    return open_case(
        bullying_incident(registered_by=teacher, bully=pupil_7, victim=PupilFactory()), teacher
    )


def plan_url(case, plan_pk) -> str:
    return reverse("cases:action_plan_pdf", args=[case.pk, plan_pk])


def letter_url(case, suspension_pk) -> str:
    return reverse("cases:suspension_letter_pdf", args=[case.pk, suspension_pk])


def assert_private_pdf(response, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    # A security middleware may add directives (such as private); no-store must be there.
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}
    assert response.content.startswith(b"%PDF")


def test_the_action_plan_is_downloaded_as_a_pdf(teacher, case, plan):
    response = client_for(teacher).get(plan_url(case, plan.pk))

    assert_private_pdf(response, f"handelingsplan-dossier-{case.pk}-2026-11-02.pdf")


def test_the_workspace_links_to_the_action_plan(teacher, case, plan):
    page = html(client_for(teacher).get(case.get_absolute_url()))

    assert plan_url(case, plan.pk) in page


def test_the_plan_of_another_case_is_not_found_under_this_case(teacher, case, plan, other_case):
    response = client_for(teacher).get(plan_url(other_case, plan.pk))

    assert response.status_code == 404


def test_a_plan_that_does_not_exist_is_not_found(teacher, case, plan):
    assert client_for(teacher).get(plan_url(case, plan.pk + 1)).status_code == 404


def test_the_plan_of_a_case_that_does_not_exist_is_not_found(teacher, case, plan):
    response = client_for(teacher).get(
        reverse("cases:action_plan_pdf", args=[case.pk + 9, plan.pk])
    )
    assert response.status_code == 404


def test_an_anonymous_visitor_gets_no_plan(client, case, plan):
    response = client.get(plan_url(case, plan.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_suspension_letter_is_downloaded_as_a_pdf(directie, case, suspension):
    response = client_for(directie).get(letter_url(case, suspension.pk))

    assert_private_pdf(response, f"schorsingsbrief-dossier-{case.pk}-2026-11-09.pdf")


def test_the_workspace_links_to_the_suspension_letter(directie, case, suspension):
    page = html(client_for(directie).get(case.get_absolute_url()))

    assert letter_url(case, suspension.pk) in page


def test_the_letter_of_another_case_is_not_found_under_this_case(
    directie, case, suspension, other_case
):
    response = client_for(directie).get(letter_url(other_case, suspension.pk))

    assert response.status_code == 404


def test_an_anonymous_visitor_gets_no_letter(client, case, suspension):
    response = client.get(letter_url(case, suspension.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
