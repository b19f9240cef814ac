"""Every path of the stappenplan, walked through the services with the database."""

from datetime import timedelta

import pytest
from django.utils import translation

from cases.incidents.verification import incident_verify
from cases.models import (
    CaseTransition,
    InvolvementRole,
    PlacementKind,
    ReporterKind,
)
from cases.stappenplan.services.action_plans import action_plan_record
from cases.stappenplan.services.base import ConcurrentEdit, TransitionRefused
from cases.stappenplan.services.measures import placement_record, suspension_record
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import (
    bullies,
    bullying_incident,
    do_step_1_work,
    do_step_2_work,
    do_step_4_work,
    do_step_5_work,
    escalate_to_step_6,
    finish_step_1,
    finish_step_2,
    finish_step_3,
    finish_step_4,
    give_all_consents,
    hold_step_6_meeting,
    open_case,
    record_action_plan,
    suspend,
    today,
    walk_to_step_5,
)
from protocol import stappenplan
from protocol.stappenplan import CaseState, Refusal
from tests.factories import PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EARLY = "Beide kinderen zeggen dat het al goed gaat; de ouders bevestigen het."

S = CaseState


def states(case) -> list[str]:
    return list(case.transitions.order_by("pk").values_list("to_state", flat=True))


def refused(case, name, user, reason="") -> TransitionRefused:
    with pytest.raises(TransitionRefused) as raised:
        case_transition(case=case, name=name, user=user, reason=reason)
    return raised.value


def test_the_protocol_roles_equal_the_stored_involvement_roles():
    assert stappenplan.BULLY == InvolvementRole.BULLY
    assert stappenplan.VICTIM == InvolvementRole.VICTIM


def test_the_straight_path_runs_from_step_1_to_closed(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    finish_step_4(case, teacher)
    do_step_5_work(case, teacher, positive=True)
    # All on one day: before the two weeks of step 5, so with a reason.
    case_transition(case=case, name="phase_out", user=teacher, reason=EARLY)
    case_transition(
        case=case, name="close_after_phasing_out", user=teacher, reason="Al weken rustig."
    )

    case.refresh_from_db()
    assert case.state == S.CLOSED
    assert case.closed_reason == "Al weken rustig."
    assert states(case) == [
        S.STEP_1,
        S.STEP_2,
        S.STEP_4,
        S.STEP_5,
        S.PHASING_OUT,
        S.CLOSED,
    ]
    skipped = case.transitions.get(name="skip_step_3")
    assert skipped.skipped and skipped.from_state == S.STEP_2 and skipped.actor == teacher
    assert case.next_deadline is None
    assert dict(case.deadlines.values_list("kind", "resolution")) == {
        "first_evaluation": "met",
        "next_conversation": "met",
        "phasing_out_review": "met",
    }


def test_each_transition_is_recorded_with_who_when_from_to_and_why(case, teacher, clock):
    do_step_1_work(case, teacher)
    record = case_transition(case=case, name="complete_step_1", user=teacher, reason="Klaar")

    assert isinstance(record, CaseTransition)
    assert (record.from_state, record.to_state) == (S.STEP_1, S.STEP_2)
    assert record.actor == teacher
    assert record.reason == "Klaar"
    assert record.at.isoformat().startswith("2026-11-02T09:30")  # 10:30 in Amsterdam
    assert case.state == S.STEP_2  # the caller's instance is brought up to date


def test_each_transition_bumps_the_case_version(case, teacher):
    version = case.version
    finish_step_1(case, teacher)
    case.refresh_from_db()
    # One bump for the assessment, one for the step change.
    assert case.version == version + 2
    assert case.updated_by == teacher


def test_when_the_parents_reported_step_3_is_mandatory(clock, teacher, pupil_5, pupil_5b):
    incident = bullying_incident(
        registered_by=teacher, bully=pupil_5, victim=pupil_5b, reporter_kind=ReporterKind.PARENT
    )
    case = open_case(incident, teacher)
    finish_step_1(case, teacher)
    do_step_2_work(case, teacher)

    refusal = refused(case, "skip_step_3", teacher)
    assert refusal.decision.refusal == Refusal.INCOMPLETE
    assert "the parents made the report" in refusal.message

    case_transition(case=case, name="complete_step_2", user=teacher)
    assert case.state == S.STEP_3
    assert "feedback to the parents" in refused(case, "complete_step_3", teacher).message
    finish_step_3(case, teacher)
    assert case.state == S.STEP_4


def test_a_serious_judgement_makes_step_3_mandatory(case, teacher):
    finish_step_1(case, teacher, judged_serious=True)
    do_step_2_work(case, teacher)

    assert "judged serious" in refused(case, "skip_step_3", teacher).message
    case_transition(case=case, name="complete_step_2", user=teacher)
    assert case.state == S.STEP_3


def test_step_3_may_be_taken_even_when_it_is_not_required(case, teacher):
    finish_step_1(case, teacher)
    do_step_2_work(case, teacher)
    # The protocol only says when step 3 is needed; taking it anyway is allowed.
    case_transition(case=case, name="complete_step_2", user=teacher)
    assert case.state == S.STEP_3


def test_step_1_needs_a_separate_conversation_with_each_bully_and_victim(case, teacher):
    message = refused(case, "complete_step_1", teacher).message
    assert "separate conversation with bully Sem Bakker" in message
    assert "separate conversation with victim Lotte van Dam" in message
    assert "an analysis" in message
    assert "the team informed" in message
    case.refresh_from_db()
    assert case.state == S.STEP_1


def test_agreements_not_kept_require_an_action_plan_before_step_5(case, teacher, ib):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    do_step_4_work(case, teacher, kept=True)
    case.agreements.update(outcome="not_kept")

    message = refused(case, "complete_step_4", teacher).message
    assert "an analysis of why the agreements were not kept" in message
    assert "an action plan for the coming two weeks, made with the IB" in message
    assert "the team informed of the action plan" in message
    assert "the parents informed of the action plan" in message


def test_an_action_plan_without_the_ib_does_not_open_step_5(case, teacher, ib):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    do_step_4_work(case, teacher, kept=False, ib=None)

    message = refused(case, "complete_step_4", teacher).message
    assert "made with the IB" in message
    assert "the team informed of the action plan" not in message

    record_action_plan(case, teacher, ib)
    case_transition(case=case, name="complete_step_4", user=teacher)
    assert case.state == S.STEP_5


def test_partly_kept_agreements_also_need_an_action_plan(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    do_step_4_work(case, teacher, kept=True)
    first = case.agreements.first()
    first.outcome = "partly"
    first.save()

    assert "action plan" in refused(case, "complete_step_4", teacher).message


def test_agreements_must_all_be_evaluated_in_step_4(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    case.agreements.update(outcome="")

    message = refused(case, "complete_step_4", teacher).message
    assert "whether this agreement was kept: Ik laat Lotte met rust in de pauze. (Sem" in message


def test_not_positive_effects_loop_with_a_new_action_plan_in_step_5(case, teacher, ib):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)
    assert "a new action plan" in refused(case, "new_action_plan", teacher).message

    record_action_plan(case, teacher, ib)
    case_transition(case=case, name="new_action_plan", user=teacher)

    case.refresh_from_db()
    assert case.state == S.STEP_5
    assert case.step5_outcome_positive is None  # the new round is judged anew
    # The work of the previous round does not count for this one.
    message = refused(case, "phase_out", teacher).message
    assert "the conversation with the pupils after two weeks" in message
    assert "the judgement whether the effects are positive" in message


def test_escalation_runs_from_step_5_through_6_and_7_to_8_with_consents(
    case, teacher, ib, directie, pupil_5
):
    escalate_to_step_6(case, teacher, ib)
    assert case.state == S.STEP_6

    assert "the meeting with all parents" in refused(case, "place_elsewhere", directie).message
    hold_step_6_meeting(case, directie, teacher)
    message = refused(case, "place_elsewhere", directie).message
    assert "consent of the parents for step 7" in message
    assert "a temporary placement" in message

    give_all_consents(case, directie, S.STEP_7)
    placement_record(
        case=case,
        user=directie,
        pupil=pupil_5,
        kind=PlacementKind.OTHER_GROUP,
        destination="groep 6",
        start_date=today() + timedelta(days=7),
        end_date=today() + timedelta(days=18),
        review_on=today() + timedelta(days=14),
    )
    case_transition(case=case, name="place_elsewhere", user=directie)
    assert case.state == S.STEP_7

    # The consents for step 7 do not count for step 8.
    suspend(case, directie, pupil_5)
    assert "consent of the teacher for step 8" in refused(case, "suspend", directie).message
    give_all_consents(case, directie, S.STEP_8)
    case_transition(case=case, name="suspend", user=directie)

    case.refresh_from_db()
    assert case.state == S.STEP_8
    assert case.inspectie_notice_required  # two school days
    assert not case.board_consultation_required
    assert states(case)[-4:] == [S.STEP_5, S.STEP_6, S.STEP_7, S.STEP_8]

    case_transition(case=case, name="follow_up_after_measure", user=ib)
    assert case.state == S.STEP_5


def test_step_8_may_follow_step_6_directly_and_records_step_7_as_skipped(
    case, teacher, ib, pupil_5
):
    escalate_to_step_6(case, teacher, ib)
    hold_step_6_meeting(case, ib, teacher)
    give_all_consents(case, ib, S.STEP_8)
    suspend(case, ib, pupil_5, days=1)
    record = case_transition(case=case, name="suspend_without_placement", user=ib)

    assert record.skipped
    assert case.state == S.STEP_8
    assert not case.inspectie_notice_required  # one school day only


def test_a_second_suspension_needs_new_consents_and_flags_the_school_board(
    case, teacher, ib, pupil_5
):
    escalate_to_step_6(case, teacher, ib)
    hold_step_6_meeting(case, ib, teacher)
    give_all_consents(case, ib, S.STEP_8)
    suspend(case, ib, pupil_5)
    case_transition(case=case, name="suspend_without_placement", user=ib)
    case.refresh_from_db()
    assert not case.board_consultation_required

    start = today() + timedelta(days=14)
    suspension_record(
        case=case,
        user=ib,
        pupil=pupil_5,
        start_date=start,
        end_date=start,
        reason="Opnieuw gepest.",
        objection_procedure="Bezwaar binnen zes weken bij het bestuur.",
    )
    case.refresh_from_db()
    assert case.board_consultation_required

    assert "consent of the parents for step 8" in refused(case, "suspend_again", ib).message
    give_all_consents(case, ib, S.STEP_8)
    case_transition(case=case, name="suspend_again", user=ib)
    assert case.state == S.STEP_8
    assert case.transitions.filter(name="suspend_again").count() == 1


@pytest.mark.parametrize(
    ("state_path", "name"),
    [
        ([], "complete_step_2"),  # step 1 → step 3
        ([], "phase_out"),
        ([], "suspend"),
        ([], "verify_as_bullying"),
        ([], "reopen"),
        (["complete_step_1"], "complete_step_4"),
        (["complete_step_1"], "escalate_to_step_6"),
        ([], "no_such_step"),
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(case, teacher, ib, state_path, name):
    do_step_1_work(case, teacher)
    for earlier in state_path:
        case_transition(case=case, name=earlier, user=teacher)
    case.refresh_from_db()
    before = (case.state, case.version, case.transitions.count(), case.deadlines.count())

    refusal = refused(case, name, ib)

    assert refusal.decision.refusal == Refusal.ILLEGAL
    case.refresh_from_db()
    assert (case.state, case.version, case.transitions.count(), case.deadlines.count()) == before


def test_an_illegal_transition_names_the_current_step(case, ib):
    message = refused(case, "phase_out", ib).message
    assert message == (
        "“Effects positive: phase out” is not possible now: the case is at "
        "“Step 1 – separate conversations”."
    )


def test_the_refusal_reads_in_dutch_for_the_teacher(case, ib):
    with translation.override("nl"):
        message = refused(case, "phase_out", ib).message
    assert "kan nu niet" in message


def test_a_teacher_cannot_escalate_to_step_6(case, teacher):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)

    refusal = refused(case, "escalate_to_step_6", teacher)
    assert refusal.decision.refusal == Refusal.NOT_ALLOWED
    assert refusal.message.startswith("Only the management or the IB may do")
    case.refresh_from_db()
    assert case.state == S.STEP_5


def test_a_teacher_cannot_fire_steps_6_to_8(case, teacher, ib, directie, pupil_5):
    escalate_to_step_6(case, teacher, ib)
    hold_step_6_meeting(case, directie, teacher)
    give_all_consents(case, directie, S.STEP_8)
    suspend(case, directie, pupil_5)

    for name in ("follow_up_after_step_6", "place_elsewhere", "suspend_without_placement"):
        assert refused(case, name, teacher).decision.refusal == Refusal.NOT_ALLOWED
    case.refresh_from_db()
    assert case.state == S.STEP_6


def test_the_directie_cannot_fire_the_steps_of_the_case_team(case, directie, teacher):
    do_step_1_work(case, teacher)
    assert refused(case, "complete_step_1", directie).decision.refusal == Refusal.NOT_ALLOWED


def test_an_outsider_teacher_cannot_fire_anything(case, teacher, other_teacher):
    do_step_1_work(case, teacher)

    refusal = refused(case, "complete_step_1", other_teacher)
    assert refusal.decision.refusal == Refusal.NOT_ALLOWED
    assert refused(case, "close_early", other_teacher, "x").decision.refusal == (
        Refusal.NOT_ALLOWED
    )


def test_closing_early_is_for_the_directie_or_ib_and_needs_a_reason(case, teacher, directie):
    assert refused(case, "close_early", teacher, "Verhuisd").decision.refusal == (
        Refusal.NOT_ALLOWED
    )
    assert "a reason" in refused(case, "close_early", directie, "   ").message

    case_transition(case=case, name="close_early", user=directie, reason="Pester is verhuisd.")
    case.refresh_from_db()
    assert case.state == S.CLOSED
    assert case.closed_reason == "Pester is verhuisd."


def test_closing_cancels_the_open_deadlines(case, teacher, directie):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    case.refresh_from_db()
    assert case.next_deadline is not None

    case_transition(case=case, name="close_early", user=directie, reason="Opgelost.")

    case.refresh_from_db()
    assert case.next_deadline is None and case.next_deadline_kind == ""
    assert set(case.deadlines.values_list("resolution", flat=True)) == {"cancelled"}


def test_a_reopened_case_starts_a_new_round_at_step_1(case, teacher, directie):
    finish_step_1(case, teacher)
    case_transition(case=case, name="close_early", user=directie, reason="Rustig.")

    assert "a reason" in refused(case, "reopen", teacher).message
    case_transition(case=case, name="reopen", user=teacher, reason="Het pesten is terug.")

    case.refresh_from_db()
    assert case.state == S.STEP_1
    assert case.closed_reason == ""
    # The separate conversations of the first round do not count for this one.
    assert "separate conversation with bully" in refused(case, "complete_step_1", teacher).message


def test_bullying_that_returns_while_phasing_out_sends_the_case_back_to_step_5(case, teacher):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=True)
    case_transition(case=case, name="phase_out", user=teacher, reason=EARLY)

    case_transition(
        case=case, name="resume_from_phasing_out", user=teacher, reason="Weer uitgescholden."
    )

    case.refresh_from_db()
    assert case.state == S.STEP_5
    assert case.step5_outcome_positive is None
    review = case.deadlines.get(kind="phasing_out_review")
    assert review.resolution == "met"


def test_positive_effects_cannot_escalate(case, teacher, ib):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=True)
    assert "phase out instead" in refused(case, "escalate_to_step_6", ib).message


def test_a_transition_on_a_case_changed_meanwhile_is_refused(case, teacher):
    do_step_1_work(case, teacher)
    seen = case.version - 1  # the user looked before the last change

    with pytest.raises(ConcurrentEdit) as raised:
        case_transition(case=case, name="complete_step_1", user=teacher, expected_version=seen)

    assert raised.value.changed_by == teacher
    case.refresh_from_db()
    assert case.state == S.STEP_1


def test_a_stale_case_instance_cannot_fire_the_same_step_twice(case, teacher):
    do_step_1_work(case, teacher)
    stale = type(case).objects.get(pk=case.pk)
    case_transition(case=case, name="complete_step_1", user=teacher)

    # The service reads the locked row, not the stale instance: step 1 is over.
    assert refused(stale, "complete_step_1", teacher).decision.refusal == Refusal.ILLEGAL
    assert case.transitions.filter(name="complete_step_1").count() == 1


def test_the_bullies_of_several_incidents_all_need_a_separate_conversation(
    case, teacher, pupil_5b, group_5
):
    another = PupilFactory(school=group_5.school, group=group_5, first_name="Daan")
    incident = bullying_incident(registered_by=teacher, bully=another, victim=pupil_5b)
    incident_verify(incident=incident, user=teacher, classification="bullying", case=case)
    do_step_1_work(case, teacher)

    assert {p.first_name for p in bullies(case)} == {"Sem", "Daan"}
    case_transition(case=case, name="complete_step_1", user=teacher)
    assert case.state == S.STEP_2


def test_an_action_plan_of_step_4_does_not_count_as_the_new_plan_of_step_5(case, teacher, ib):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    finish_step_4(case, teacher, kept=False, ib=ib)
    do_step_5_work(case, teacher, positive=False)

    assert "a new action plan" in refused(case, "new_action_plan", teacher).message
    action_plan_record(
        case=case,
        user=teacher,
        period_start=today(),
        analysis="Nog steeds mis in de gymzaal.",
        goals="Rust in de gymzaal.",
        made_with_ib=ib,
        items=[{"track": "teacher", "action": "Toezicht bij gym", "who": "Anna", "when": "di"}],
    )
    case_transition(case=case, name="new_action_plan", user=teacher)
    assert case.transitions.filter(name="new_action_plan").count() == 1


def test_the_three_steps_of_the_parents_path_set_both_deadlines(clock, teacher, pupil_5, pupil_5b):
    incident = bullying_incident(
        registered_by=teacher, bully=pupil_5, victim=pupil_5b, reporter_kind=ReporterKind.PARENT
    )
    case = open_case(incident, teacher)
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    finish_step_3(case, teacher)

    open_kinds = set(case.deadlines.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert open_kinds == {"first_evaluation", "parent_followup"}
