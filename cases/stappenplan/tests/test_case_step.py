"""Taking a step from the workspace: the stappenplan decides, the page says why not."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import CaseTransition
from cases.stappenplan.services.assessment import case_update_assessment
from cases.tests.case_steps import do_step_1_work, do_step_5_work, walk_to_step_5
from cases.tests.workspace_helpers import client_for, html, messages_of
from protocol.stappenplan import CaseState

pytestmark = pytest.mark.django_db


def step(case) -> str:
    return reverse("cases:case_step", args=[case.pk])


def test_a_step_that_still_misses_work_is_refused_and_nothing_changes(teacher, case):
    response = client_for(teacher).post(
        step(case), {"name": "complete_step_1", "version": case.version}
    )

    assert response.status_code == 200
    [message] = messages_of(response)
    assert message.startswith(
        gettext("“%(transition)s” cannot be done yet. Still needed: %(missing)s.").split("“")[0]
    )
    assert "Sem Bakker" in message
    assert message in html(response)
    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    assert case.transitions.count() == 1


def test_a_step_with_everything_recorded_is_taken(teacher, case):
    do_step_1_work(case, teacher)

    response = client_for(teacher).post(
        step(case), {"name": "complete_step_1", "version": case.version}
    )

    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    case.refresh_from_db()
    assert case.state == CaseState.STEP_2
    assert messages_of(response) == [
        gettext("Done. The case is now at: %(state)s.") % {"state": CaseState.STEP_2.label}
    ]
    last = case.transitions.last()
    assert (last.name, last.actor) == ("complete_step_1", teacher)


def test_a_teacher_cannot_escalate_to_step_6(teacher, case):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)

    response = client_for(teacher).post(step(case), {"name": "escalate_to_step_6"})

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == CaseState.STEP_5
    [message] = messages_of(response)
    assert message.startswith(gettext("Only %(who)s may do “%(transition)s”.").split("%")[0])


def test_the_ib_escalates_to_step_6(teacher, case, ib):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)

    response = client_for(ib).post(step(case), {"name": "escalate_to_step_6"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.STEP_6


def test_closing_early_needs_a_reason_and_keeps_what_was_typed(case, ib):
    client = client_for(ib)

    refused = client.post(step(case), {"name": "close_early", "reason": "  "})

    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    assert gettext("a reason") in messages_of(refused)[0]

    closed = client.post(step(case), {"name": "close_early", "reason": "Leerling verhuisd."})

    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert CaseTransition.objects.filter(case=case).last().reason == "Leerling verhuisd."


def test_a_closed_case_can_be_reopened_with_a_reason(teacher, case, ib):
    client_for(ib).post(step(case), {"name": "close_early", "reason": "Opgelost."})

    page = client_for(teacher).get(case.get_absolute_url())
    assert [b.transition.name for b in page.context["ws"].closing_buttons] == ["reopen"]

    response = client_for(teacher).post(
        step(case), {"name": "reopen", "reason": "Het pesten is terug."}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.STEP_1


def test_a_step_on_a_case_changed_meanwhile_is_not_taken(teacher, case, ib):
    do_step_1_work(case, teacher)
    seen = case.version
    case_update_assessment(case=case, user=ib, expected_version=case.version, analysis="Bijgewerkt")

    response = client_for(teacher).post(step(case), {"name": "complete_step_1", "version": seen})

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    [message] = messages_of(response)
    assert str(ib) in message


def test_an_unknown_step_is_refused(teacher, case):
    response = client_for(teacher).post(step(case), {"name": "jump_to_the_end"})

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    assert messages_of(response)


def test_a_post_without_a_step_is_sent_back(teacher, case):
    response = client_for(teacher).post(step(case), {})

    assert response.status_code == 302
    assert messages_of(response) == [gettext("Choose one of the buttons to take the next step.")]


def test_steps_are_only_taken_by_post(teacher, case):
    assert client_for(teacher).get(step(case)).status_code == 405


def test_a_step_on_a_case_that_does_not_exist_is_not_found(teacher, case):
    response = client_for(teacher).post(
        reverse("cases:case_step", args=[case.pk + 1]), {"name": "complete_step_1"}
    )

    assert response.status_code == 404


def test_an_anonymous_step_is_sent_to_the_login_page(client, case):
    response = client.post(step(case), {"name": "complete_step_1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    case.refresh_from_db()
    assert case.state == CaseState.STEP_1


def test_a_teacher_of_another_group_does_not_find_the_case(other_teacher, teacher, case):
    do_step_1_work(case, teacher)

    response = client_for(other_teacher).post(step(case), {"name": "complete_step_1"})

    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    assert response.status_code == 404


def test_someone_who_sees_the_case_but_is_not_on_it_cannot_take_a_step(coordinator, teacher, case):
    do_step_1_work(case, teacher)

    response = client_for(coordinator).post(step(case), {"name": "complete_step_1"})

    case.refresh_from_db()
    assert case.state == CaseState.STEP_1
    assert response.status_code == 200
    assert messages_of(response)


def test_each_step_button_carries_the_version_of_the_case_the_user_saw(teacher, case):
    page = html(client_for(teacher).get(case.get_absolute_url()))

    assert f'name="version" value="{case.version}"' in page
