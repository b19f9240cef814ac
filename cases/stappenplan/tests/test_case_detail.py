"""The case workspace: where the case is, what is still needed, and who may do what."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import Case, ContactChannel, ConversationKind
from cases.stappenplan.services.action_plans import action_plan_record, action_plan_update
from cases.stappenplan.services.agreements import agreement_record
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.services.parents import parent_contact_record, team_notice_record
from cases.stappenplan.services.transition import case_transition
from cases.stappenplan.views.case import case_detail
from cases.tests.case_steps import (
    bullies,
    do_step_1_work,
    do_step_5_work,
    escalate_to_step_6,
    finish_step_1,
    today,
    victims,
    walk_to_step_5,
)
from cases.tests.workspace_helpers import client_for, html
from protocol.models import Track
from protocol.stappenplan import CaseState, StepStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def step_buttons(response) -> dict[str, bool]:
    """Transition name → whether it may be fired now, for every button on the page."""
    ws = response.context["ws"]
    return {b.transition.name: b.allowed for b in ws.buttons + ws.closing_buttons}


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, case):
    response = client.get(url(case))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_case_that_does_not_exist_is_not_found(teacher, case):
    response = client_for(teacher).get(reverse("cases:case_detail", args=[case.pk + 100]))

    assert response.status_code == 404


def test_a_deactivated_user_cannot_open_the_case(teacher, case):
    client = client_for(teacher)
    teacher.is_active = False
    teacher.save()

    response = client.get(url(case))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_view_answers_404_to_a_user_who_may_not_see_the_case(teacher, case):
    # A deactivated account that is still attached to a request sees no case at all.
    teacher.is_active = False
    request = RequestFactory().get(url(case))
    request.user = teacher

    with pytest.raises(Http404):
        case_detail(request, pk=case.pk)

    request.user = AnonymousUser()
    assert case_detail(request, pk=case.pk).status_code == 302


def test_the_workspace_shows_the_pupils_and_the_current_step(teacher, case, pupil_5, pupil_5b):
    response = client_for(teacher).get(url(case))

    assert response.status_code == 200
    page = html(response)
    assert "Sem Bakker" in page
    assert "Lotte van Dam" in page
    assert str(CaseState.STEP_1.label) in page
    statuses = [step.status for step in response.context["ws"].steps]
    assert statuses == [StepStatus.CURRENT] + [StepStatus.TODO] * 7


def test_the_progress_bar_says_done_and_skipped_in_words(teacher, case):
    walk_to_step_5(case, teacher)  # step 3 is skipped: no parents reported, not serious

    response = client_for(teacher).get(url(case))

    statuses = [step.status for step in response.context["ws"].steps]
    assert statuses[:5] == [
        StepStatus.DONE,
        StepStatus.DONE,
        StepStatus.SKIPPED,
        StepStatus.DONE,
        StepStatus.CURRENT,
    ]
    page = html(response)
    assert 'aria-current="step"' in page
    assert str(StepStatus.SKIPPED.label) in page
    assert str(StepStatus.DONE.label) in page


def test_what_is_still_needed_for_the_next_step_is_listed(teacher, case, pupil_5):
    conversation_record(
        case=case,
        user=teacher,
        kind=ConversationKind.SEPARATE,
        held_on=today(),
        pupils=[pupil_5],
        notes="Sem vertelt wat er gebeurde.",
    )

    response = client_for(teacher).get(url(case))

    missing = response.context["ws"].next_step.missing
    page = html(response)
    assert not any("Sem Bakker" in item for item in missing)
    assert any("Lotte van Dam" in item for item in missing)
    for item in missing:
        assert item in page
    assert response.context["ws"].next_step.heading in page


def test_the_step_button_is_disabled_until_everything_is_recorded(teacher, case):
    client = client_for(teacher)

    before = client.get(url(case))
    assert step_buttons(before)["complete_step_1"] is False
    assert 'disabled aria-describedby="missing-complete_step_1"' in html(before)

    do_step_1_work(case, teacher)
    after = client.get(url(case))
    assert step_buttons(after)["complete_step_1"] is True
    assert 'disabled aria-describedby="missing-complete_step_1"' not in html(after)


def test_a_teacher_sees_no_buttons_of_steps_6_to_8(teacher, case, ib):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)

    buttons = step_buttons(client_for(teacher).get(url(case)))

    assert "escalate_to_step_6" not in buttons
    assert "close_early" not in buttons
    assert set(buttons) == {"phase_out", "new_action_plan"}


def test_the_ib_sees_the_escalation_and_closing_buttons(teacher, case, ib):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)

    response = client_for(ib).get(url(case))

    buttons = step_buttons(response)
    assert buttons["escalate_to_step_6"] is True
    assert "close_early" in buttons
    assert "close_early" in [b.transition.name for b in response.context["ws"].closing_buttons]


def test_the_directie_sees_only_the_management_buttons_in_step_6(teacher, case, ib, directie):
    escalate_to_step_6(case, teacher, ib)

    teacher_buttons = step_buttons(client_for(teacher).get(url(case)))
    directie_buttons = step_buttons(client_for(directie).get(url(case)))

    assert teacher_buttons == {}
    assert {"follow_up_after_step_6", "place_elsewhere", "suspend_without_placement"} <= set(
        directie_buttons
    )


def test_a_transition_that_needs_a_reason_asks_for_it(teacher, case, ib):
    response = client_for(ib).get(url(case))

    close = next(b for b in response.context["ws"].closing_buttons if b.transition.name)
    assert close.requires_reason
    assert 'name="reason"' in html(response)


def test_a_teacher_of_another_group_does_not_find_the_case(other_teacher, case):
    assert client_for(other_teacher).get(url(case)).status_code == 404


def test_someone_who_sees_the_case_but_is_not_on_it_reads_it_without_forms_or_buttons(
    coordinator, case
):
    response = client_for(coordinator).get(url(case))

    assert response.status_code == 200
    ws = response.context["ws"]
    assert ws.may_record is False
    assert ws.buttons == [] and ws.closing_buttons == []
    assert ws.forms_now == [] and ws.forms_more == []
    assert reverse("cases:record_create", args=[case.pk, "gesprek"]) not in html(response)


def test_the_forms_for_this_step_come_first(teacher, case):
    ws = client_for(teacher).get(url(case)).context["ws"]

    assert [entry.kind.slug for entry in ws.forms_now] == ["gesprek", "analyse", "team"]
    assert "handelingsplan" in [entry.kind.slug for entry in ws.forms_more]
    # Steps 6–8 are not offered before the case is escalated.
    assert not {"ouderavond", "toestemming", "plaatsing", "schorsing"} & {
        entry.kind.slug for entry in ws.forms_now + ws.forms_more
    }


def test_the_next_deadline_is_shown_and_marked_overdue(teacher, case, clock):
    finish_step_1(case, teacher)
    Case.objects.filter(pk=case.pk).update(
        next_deadline=today() - timedelta(days=2), next_deadline_kind="first_evaluation"
    )

    response = client_for(teacher).get(url(case))

    deadline = response.context["ws"].deadline
    assert deadline.overdue is True
    page = html(response)
    assert 'class="badge badge-late"' in page
    assert gettext("overdue") in page


def test_a_deadline_ahead_is_not_marked_overdue(teacher, case, clock):
    Case.objects.filter(pk=case.pk).update(
        next_deadline=date(2026, 11, 9), next_deadline_kind="first_evaluation"
    )

    response = client_for(teacher).get(url(case))

    assert response.context["ws"].deadline.overdue is False
    assert response.context["ws"].deadline.days_left == 7
    assert "badge-late" not in html(response)


def test_the_timeline_shows_records_and_step_changes_newest_first(teacher, case, clock):
    do_step_1_work(case, teacher)
    clock.shift(timedelta(minutes=5))
    case_transition(case=case, name="complete_step_1", user=teacher)

    response = client_for(teacher).get(url(case))

    kinds = [row.entry.kind for row in response.context["ws"].timeline]
    assert kinds[0] == "transition"
    assert kinds[-1] == "incident"
    assert "conversation" in kinds and "team_notice" in kinds
    edit_links = [row.edit_url for row in response.context["ws"].timeline if row.edit_url]
    assert any("/gesprek/" in link for link in edit_links)


def add_records(case: Case, user, pupils, count: int) -> None:
    """`count` records of every kind the workspace lists, on one case."""
    bully, victim = pupils
    for n in range(count):
        conversation_record(
            case=case,
            user=user,
            kind=ConversationKind.JOINT,
            held_on=today(),
            pupils=[bully, victim],
            notes=f"Gesprek {n}",
        )
        agreement_record(case=case, user=user, pupil=bully, text=f"Afspraak {n}", made_on=today())
        team_notice_record(case=case, user=user, informed_on=today(), note=f"Team {n}")
        parent_contact_record(
            case=case,
            user=user,
            pupil=victim,
            contacted_on=today(),
            channel=ContactChannel.PHONE,
            summary=f"Gebeld {n}",
        )
        action_plan_record(
            case=case,
            user=user,
            period_start=today(),
            analysis="Analyse",
            goals="Doelen",
            made_with_ib=None,
            items=[
                {"track": Track.BULLY, "action": f"Actie {n}", "who": "Juf", "when": "dagelijks"},
                {"track": Track.VICTIM, "action": "Gesprek", "who": "IB", "when": "vrijdag"},
            ],
        )


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_workspace_makes_the_same_number_of_queries_for_2_and_50_records(
    teacher, case, clock, django_assert_num_queries
):
    pupils = (bullies(case)[0], victims(case)[0])
    add_records(case, teacher, pupils, 2)
    client = client_for(teacher)
    expected = count_queries(client, url(case))

    add_records(case, teacher, pupils, 48)

    with django_assert_num_queries(expected):
        response = client.get(url(case))
    assert len(response.context["ws"].agreements) == 50
    assert len(response.context["ws"].action_plans) == 50


def test_the_edit_page_of_a_plan_makes_the_same_number_of_queries_for_2_and_50_actions(
    teacher, case, clock, django_assert_num_queries
):
    pupils = (bullies(case)[0], victims(case)[0])
    add_records(case, teacher, pupils, 1)
    plan = case.action_plans.get()
    path = reverse("cases:record_edit", args=[case.pk, "handelingsplan", plan.pk])
    client = client_for(teacher)
    expected = count_queries(client, path)
    items = [
        {"track": Track.BULLY, "action": f"Actie {n}", "who": "Juf", "when": "dagelijks"}
        for n in range(50)
    ]
    action_plan_update(record=plan, user=teacher, expected_version=plan.version, items=items)

    with django_assert_num_queries(expected):
        client.get(path)


def test_a_user_without_a_role_does_not_find_the_case(case):
    stranger = UserFactory(username="stagiair")

    assert client_for(stranger).get(url(case)).status_code == 404


def test_the_coordinator_sees_the_case_but_has_no_actor_kinds(coordinator, case):
    response = client_for(coordinator).get(url(case))

    assert response.status_code == 200
    assert response.context["ws"].actor_kinds == set()
