"""Step 5 is the conversation after two weeks (§11, step 5). Holding it, or phasing out,
before the two weeks have passed asks for a confirmation with a reason, which the timeline
keeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import ConversationKind
from cases.stappenplan.services.base import TransitionRefused
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.services.transition import case_transition
from cases.stappenplan.timeline import case_timeline
from cases.tests.case_steps import bullies, do_step_5_work, victims, walk_to_step_5
from cases.tests.workspace_helpers import client_for, html
from protocol.stappenplan import CaseState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "Beide kinderen en de ouders zeggen dat het al goed gaat."


@pytest.fixture
def in_step_5(clock, case, teacher):
    walk_to_step_5(case, teacher)
    return case


def test_phasing_out_before_two_weeks_without_a_reason_is_refused(in_step_5, teacher):
    do_step_5_work(in_step_5, teacher, positive=True)

    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=in_step_5, name="phase_out", user=teacher)

    assert "two weeks" in refused.value.message
    in_step_5.refresh_from_db()
    assert in_step_5.state == CaseState.STEP_5


def test_with_a_reason_it_goes_on_and_the_timeline_shows_why(in_step_5, teacher):
    do_step_5_work(in_step_5, teacher, positive=True)

    case_transition(case=in_step_5, name="phase_out", user=teacher, reason=REASON)

    in_step_5.refresh_from_db()
    assert in_step_5.state == CaseState.PHASING_OUT
    (entry,) = [e for e in case_timeline(in_step_5) if getattr(e.record, "name", "") == "phase_out"]
    assert entry.text == REASON


def test_after_two_weeks_no_reason_is_asked(clock, in_step_5, teacher):
    clock.shift(timedelta(days=14))
    do_step_5_work(in_step_5, teacher, positive=True)

    case_transition(case=in_step_5, name="phase_out", user=teacher)

    in_step_5.refresh_from_db()
    assert in_step_5.state == CaseState.PHASING_OUT


def test_the_button_asks_for_the_reason_and_says_why(in_step_5, teacher):
    do_step_5_work(in_step_5, teacher, positive=True)
    client = client_for(teacher)

    page = html(client.get(in_step_5.get_absolute_url()))
    assert 'id="early-phase_out"' in page
    assert 'id="id_phase_out_reason"' in page

    response = client.post(
        reverse("cases:case_step", args=[in_step_5.pk]),
        {"name": "phase_out", "reason": "", "version": in_step_5.version},
    )
    assert response.status_code == 200
    in_step_5.refresh_from_db()
    assert in_step_5.state == CaseState.STEP_5

    client.post(
        reverse("cases:case_step", args=[in_step_5.pk]),
        {"name": "phase_out", "reason": REASON, "version": in_step_5.version},
    )
    in_step_5.refresh_from_db()
    assert in_step_5.state == CaseState.PHASING_OUT
    assert REASON in html(client.get(in_step_5.get_absolute_url()))


def test_after_two_weeks_the_button_asks_nothing_extra(clock, in_step_5, teacher):
    clock.shift(timedelta(days=14))
    do_step_5_work(in_step_5, teacher, positive=True)

    page = html(client_for(teacher).get(in_step_5.get_absolute_url()))

    assert 'id="early-phase_out"' not in page


def follow_up(case, teacher, **extra):
    return conversation_record(
        case=case,
        user=teacher,
        kind=ConversationKind.FOLLOW_UP,
        held_on=timezone.localdate(),
        pupils=bullies(case) + victims(case),
        notes="Het gaat goed, zeggen ze allebei.",
        **extra,
    )


def test_the_step_5_conversation_held_sooner_asks_why(in_step_5, teacher):
    with pytest.raises(ValidationError) as refused:
        follow_up(in_step_5, teacher)

    assert "early_reason" in refused.value.message_dict
    assert "16-11-2026" in refused.value.message_dict["early_reason"][0]
    assert not in_step_5.conversations.filter(kind=ConversationKind.FOLLOW_UP).exists()


def test_with_a_reason_it_is_recorded_and_the_timeline_shows_why(in_step_5, teacher):
    follow_up(in_step_5, teacher, early_reason="De ouders vroegen om een eerder gesprek.")

    (entry,) = [e for e in case_timeline(in_step_5) if e.kind == "conversation"][-1:]
    assert "De ouders vroegen om een eerder gesprek." in entry.text


def test_after_two_weeks_the_conversation_needs_no_reason(clock, in_step_5, teacher):
    clock.shift(timedelta(days=14))

    conversation = follow_up(in_step_5, teacher)

    assert conversation.early_reason == ""


def test_the_form_asks_why_at_the_field_and_keeps_what_was_typed(in_step_5, teacher):
    client = client_for(teacher)
    page = html(client.get(in_step_5.get_absolute_url()))
    assert "early_reason" in page

    response = client.post(
        reverse("cases:record_create", args=[in_step_5.pk, "gesprek"]),
        {
            "gesprek-kind": ConversationKind.FOLLOW_UP,
            "gesprek-held_on": timezone.localdate().isoformat(),
            "gesprek-pupils": [str(p.pk) for p in bullies(in_step_5) + victims(in_step_5)],
            "gesprek-notes": "Het gaat goed.",
        },
    )

    assert response.status_code == 200
    page = html(response)
    assert "Het gaat goed." in page
    assert "16-11-2026" in page
    assert not in_step_5.conversations.filter(kind=ConversationKind.FOLLOW_UP).exists()


def test_an_incident_follow_up_note_shows_on_the_case_timeline(case):
    case.incidents.update(follow_up_note="Ouders van beide kinderen gebeld.")

    texts = [e.text for e in case_timeline(case) if e.kind == "incident"]

    assert any("Ouders van beide kinderen gebeld." in text for text in texts)
