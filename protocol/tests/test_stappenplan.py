import ast
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from protocol import stappenplan
from protocol.calendar import SchoolCalendar
from protocol.stappenplan import (
    OPEN_STATES,
    STEPS,
    TRANSITIONS,
    Actor,
    CaseFacts,
    CaseState,
    ConsentParty,
    DeadlineRule,
    PlacementFacts,
    Refusal,
    StepStatus,
    SuspensionFacts,
    check,
    deadlines_for,
    decisions_from,
    get_transition,
    missing_for,
    needs_board_consultation,
    needs_inspectie_notice,
    next_step_requirements,
    progress,
    step_number,
    transitions_from,
    validate_placement,
    validate_suspension,
)

S = CaseState
TEACHER = {Actor.CASE_TEAM}
DIRECTIE = {Actor.MANAGEMENT}
IB = {Actor.CASE_TEAM, Actor.MANAGEMENT}
ALL_CONSENTS = frozenset(ConsentParty)

PLACEMENT = PlacementFacts(
    pupil_name="Tim Bakker",
    role="bully",
    starts_on=date(2026, 5, 11),
    ends_on=date(2026, 5, 29),
    review_on=date(2026, 5, 22),
)
SUSPENSION = SuspensionFacts(pupil_name="Tim Bakker", role="bully", school_days=2)

# Everything the protocol asks for has been recorded; step 3 is not required.
COMPLETE = CaseFacts(
    classified_as_bullying=True,
    bully_count=1,
    victim_count=1,
    has_analysis=True,
    severity_judged=True,
    team_informed=True,
    has_joint_conversation=True,
    agreement_count=2,
    agreements_made_on=date(2026, 3, 3),
    parent_contact_recorded=True,
    step4_conversation=True,
    step5_conversation=True,
    reported_to_ib=True,
    outcome_positive=True,
    new_action_plan_recorded=True,
    last_conversation_on=date(2026, 3, 10),
    step6_meeting_recorded=True,
    step6_led_by_management=True,
    step6_teachers_present=True,
    step7_consents=ALL_CONSENTS,
    placement=PLACEMENT,
    step8_consents=ALL_CONSENTS,
    suspension=SUSPENSION,
)
NOT_POSITIVE = replace(COMPLETE, outcome_positive=False)


def fire(name: str, state: CaseState, facts: CaseFacts, actors=TEACHER, reason="") -> CaseState:
    decision = check(name, state, facts, actors, reason=reason)
    assert decision.allowed, decision.message
    return decision.transition.target


class TestTheTable:
    def test_transition_names_are_unique_and_found_by_name(self):
        assert len({t.name for t in TRANSITIONS}) == len(TRANSITIONS)
        for transition in TRANSITIONS:
            assert get_transition(transition.name) is transition

    def test_an_unknown_name_is_a_key_error(self):
        with pytest.raises(KeyError):
            get_transition("jump_to_step_8")

    def test_every_open_state_has_a_way_out_and_closed_only_reopens(self):
        for state in OPEN_STATES:
            assert transitions_from(state), state
        assert [t.name for t in transitions_from(S.CLOSED)] == ["reopen"]

    def test_every_state_can_reach_closed(self):
        reachable = {S.CLOSED}
        changed = True
        while changed:
            changed = False
            for t in TRANSITIONS:
                new = {s for s in t.sources if t.target in reachable} - reachable
                if new:
                    reachable |= new
                    changed = True
        assert reachable == set(CaseState)

    def test_every_state_is_reachable_from_reported(self):
        reachable = {S.REPORTED}
        frontier = [S.REPORTED]
        while frontier:
            state = frontier.pop()
            for t in transitions_from(state):
                if t.target not in reachable:
                    reachable.add(t.target)
                    frontier.append(t.target)
        assert reachable == set(CaseState)

    def test_closing_and_reopening_always_take_a_reason(self):
        for t in TRANSITIONS:
            if t.target == S.CLOSED or t.name == "reopen":
                assert t.requires_reason, t.name

    def test_steps_six_to_eight_are_for_management_only(self):
        for t in TRANSITIONS:
            if {t.target, *t.sources} & {S.STEP_6, S.STEP_7, S.STEP_8} and t.name != "close_early":
                assert t.who == frozenset({Actor.MANAGEMENT}), t.name

    def test_steps_one_to_five_are_for_the_case_team(self):
        for name in (
            "verify_as_bullying",
            "complete_step_1",
            "complete_step_2",
            "skip_step_3",
            "complete_step_3",
            "complete_step_4",
            "phase_out",
            "new_action_plan",
        ):
            assert get_transition(name).who == frozenset({Actor.CASE_TEAM}), name

    def test_a_skipping_transition_skips_a_step_between_its_source_and_target(self):
        skipping = [t for t in TRANSITIONS if t.skips]
        assert {t.name: t.skips for t in skipping} == {
            "skip_step_3": S.STEP_3,
            "suspend_without_placement": S.STEP_7,
        }
        for t in skipping:
            (source,) = t.sources
            assert step_number(source) < step_number(t.skips) < step_number(t.target)

    def test_no_transition_sets_the_registration_deadline(self):
        for t in TRANSITIONS:
            assert DeadlineRule.REGISTRATION not in t.deadlines

    @pytest.mark.parametrize(
        "transition",
        [t for t in TRANSITIONS if t.guard is not stappenplan.guards._nothing],
        ids=str,
    )
    def test_a_case_with_nothing_recorded_fails_every_guard(self, transition):
        assert missing_for(transition, CaseFacts())

    def test_step_numbers(self):
        assert [step_number(s) for s in STEPS] == list(range(1, 9))
        assert step_number(S.REPORTED) is None
        assert step_number(S.PHASING_OUT) is None


class TestTheStraightPath:
    def test_a_case_with_complete_facts_goes_from_report_to_closed(self):
        state = S.REPORTED
        state = fire("verify_as_bullying", state, COMPLETE)
        assert state == S.STEP_1
        state = fire("complete_step_1", state, COMPLETE)
        assert state == S.STEP_2
        state = fire("skip_step_3", state, COMPLETE)
        assert state == S.STEP_4
        state = fire("complete_step_4", state, COMPLETE)
        assert state == S.STEP_5
        state = fire("phase_out", state, COMPLETE)
        assert state == S.PHASING_OUT
        state = fire("close_after_phasing_out", state, COMPLETE, reason="Pesten is gestopt.")
        assert state == S.CLOSED

    def test_the_path_through_step_three(self):
        facts = replace(COMPLETE, parents_reported=True)
        state = fire("complete_step_2", S.STEP_2, facts)
        assert state == S.STEP_3
        assert fire("complete_step_3", state, facts) == S.STEP_4

    def test_the_intern_begeleider_may_take_every_step_of_the_straight_path(self):
        assert fire("complete_step_1", S.STEP_1, COMPLETE, actors=IB) == S.STEP_2

    def test_a_report_of_teasing_is_closed_without_a_stappenplan(self):
        facts = CaseFacts(classified_as_not_bullying=True)
        assert fire("verify_as_not_bullying", S.REPORTED, facts, reason="Plagen.") == S.CLOSED

    def test_closing_as_not_bullying_needs_that_classification(self):
        decision = check("verify_as_not_bullying", S.REPORTED, COMPLETE, TEACHER, reason="x")
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == ("the classification “teasing” or “aggression” on the report",)

    def test_verification_as_bullying_needs_a_bully_and_a_victim(self):
        facts = replace(COMPLETE, bully_count=0, victim_count=0)
        decision = check("verify_as_bullying", S.REPORTED, facts, TEACHER)
        assert decision.missing == (
            "at least one bully among the pupils involved",
            "at least one victim among the pupils involved",
        )


class TestStepOne:
    def test_it_names_every_pupil_still_waiting_for_a_separate_conversation(self):
        facts = replace(
            COMPLETE,
            bullies_without_separate_talk=("Tim Bakker", "Sem de Boer"),
            victims_without_separate_talk=("Lotte van Dam",),
        )
        decision = check("complete_step_1", S.STEP_1, facts, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == (
            "separate conversation with bully Tim Bakker",
            "separate conversation with bully Sem de Boer",
            "separate conversation with victim Lotte van Dam",
        )

    def test_it_needs_analysis_severity_and_team(self):
        facts = replace(COMPLETE, has_analysis=False, severity_judged=False, team_informed=False)
        assert check("complete_step_1", S.STEP_1, facts, TEACHER).missing == (
            "an analysis based on concrete recent incidents",
            "a judgement of how serious the situation is",
            "the team informed (supervision in the playground)",
        )


class TestStepTwo:
    def test_it_refuses_without_a_joint_conversation_and_an_agreement(self):
        facts = replace(COMPLETE, has_joint_conversation=False, agreement_count=0)
        assert check("skip_step_3", S.STEP_2, facts, TEACHER).missing == (
            "a joint conversation with bully and victim",
            "at least one concrete agreement",
        )

    def test_several_pupils_of_the_group_need_a_class_conversation_or_a_waiver(self):
        facts = replace(COMPLETE, several_pupils_of_group_involved=True)
        decision = check("skip_step_3", S.STEP_2, facts, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert "class conversation" in decision.missing[0]
        waived = replace(facts, class_conversation_recorded_or_waived=True)
        assert check("skip_step_3", S.STEP_2, waived, TEACHER).allowed


class TestStepThree:
    def test_when_parents_reported_step_three_cannot_be_skipped(self):
        facts = replace(COMPLETE, parents_reported=True)
        decision = check("skip_step_3", S.STEP_2, facts, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == (
            "step 3, feedback to the parents (the parents made the report)",
        )

    def test_when_the_teacher_judges_it_serious_step_three_cannot_be_skipped(self):
        facts = replace(COMPLETE, judged_serious=True)
        assert check("skip_step_3", S.STEP_2, facts, TEACHER).missing == (
            "step 3, feedback to the parents (the situation was judged serious)",
        )

    def test_a_teacher_may_inform_the_parents_when_it_is_not_required(self):
        assert fire("complete_step_2", S.STEP_2, COMPLETE) == S.STEP_3

    def test_it_needs_the_parent_contact(self):
        facts = replace(COMPLETE, parents_reported=True, parent_contact_recorded=False)
        decision = check("complete_step_3", S.STEP_3, facts, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing[0].startswith("feedback to the parents about the agreements")


class TestStepFour:
    def test_it_names_each_agreement_not_yet_evaluated(self):
        facts = replace(COMPLETE, unevaluated_agreements=("Tim laat Lotte met rust in de pauze",))
        assert check("complete_step_4", S.STEP_4, facts, TEACHER).missing == (
            "whether this agreement was kept: Tim laat Lotte met rust in de pauze",
        )

    def test_it_needs_the_evaluation_conversation(self):
        facts = replace(COMPLETE, step4_conversation=False)
        assert check("complete_step_4", S.STEP_4, facts, TEACHER).missing == (
            "the evaluation conversation with bully and victim (joint or separate)",
        )

    def test_agreements_not_kept_need_an_action_plan_before_step_five(self):
        facts = replace(COMPLETE, any_agreement_not_kept=True)
        decision = check("complete_step_4", S.STEP_4, facts, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == (
            "an analysis of why the agreements were not kept",
            "an action plan for the coming two weeks, made with the IB",
            "the team informed of the action plan",
            "the parents informed of the action plan",
        )

    @pytest.mark.parametrize(
        "fact",
        [
            "has_analysis_of_failure",
            "action_plan_with_ib_for_two_weeks",
            "team_informed_of_plan",
            "parents_informed_of_plan",
        ],
    )
    def test_each_part_of_the_plan_is_required(self, fact):
        done = replace(
            COMPLETE,
            any_agreement_not_kept=True,
            has_analysis_of_failure=True,
            action_plan_with_ib_for_two_weeks=True,
            team_informed_of_plan=True,
            parents_informed_of_plan=True,
        )
        assert check("complete_step_4", S.STEP_4, done, TEACHER).allowed
        decision = check("complete_step_4", S.STEP_4, replace(done, **{fact: False}), TEACHER)
        assert len(decision.missing) == 1

    def test_kept_agreements_need_no_action_plan(self):
        assert check("complete_step_4", S.STEP_4, COMPLETE, TEACHER).allowed


class TestStepFive:
    def test_phasing_out_needs_the_conversation_the_report_and_a_judgement(self):
        facts = replace(
            COMPLETE, step5_conversation=False, reported_to_ib=False, outcome_positive=None
        )
        assert check("phase_out", S.STEP_5, facts, TEACHER).missing == (
            "the conversation with the pupils after two weeks",
            "a report of the conversation to the IB",
            "the judgement whether the effects are positive",
        )

    def test_effects_that_are_not_positive_cannot_be_phased_out(self):
        decision = check("phase_out", S.STEP_5, NOT_POSITIVE, TEACHER)
        assert decision.refusal == Refusal.INCOMPLETE
        assert "make a new action plan or escalate" in decision.missing[0]

    def test_effects_that_are_not_positive_lead_to_a_new_action_plan(self):
        assert fire("new_action_plan", S.STEP_5, NOT_POSITIVE) == S.STEP_5
        without_plan = replace(NOT_POSITIVE, new_action_plan_recorded=False)
        assert check("new_action_plan", S.STEP_5, without_plan, TEACHER).missing == (
            "a new action plan for the coming two weeks",
        )

    def test_positive_effects_need_no_new_action_plan(self):
        decision = check("new_action_plan", S.STEP_5, COMPLETE, TEACHER)
        assert "phase out instead" in decision.missing[0]

    def test_positive_effects_cannot_be_escalated(self):
        decision = check("escalate_to_step_6", S.STEP_5, COMPLETE, DIRECTIE)
        assert decision.refusal == Refusal.INCOMPLETE


class TestEscalation:
    def test_five_to_six_to_seven_to_eight_with_all_consents(self):
        state = fire("escalate_to_step_6", S.STEP_5, NOT_POSITIVE, DIRECTIE)
        assert state == S.STEP_6
        state = fire("place_elsewhere", state, NOT_POSITIVE, DIRECTIE)
        assert state == S.STEP_7
        state = fire("suspend", state, NOT_POSITIVE, IB)
        assert state == S.STEP_8
        assert fire("suspend_again", state, NOT_POSITIVE, DIRECTIE) == S.STEP_8

    def test_step_eight_may_follow_step_six_and_skips_step_seven(self):
        transition = get_transition("suspend_without_placement")
        assert fire(transition.name, S.STEP_6, NOT_POSITIVE, DIRECTIE) == S.STEP_8
        assert transition.skips == S.STEP_7

    def test_steps_seven_and_eight_are_reached_only_from_step_six_on(self):
        for transition in TRANSITIONS:
            if transition.target in (S.STEP_7, S.STEP_8):
                assert transition.sources <= {S.STEP_6, S.STEP_7, S.STEP_8}, transition.name

    def test_step_seven_needs_the_step_six_meeting_led_by_management_with_teachers(self):
        facts = replace(NOT_POSITIVE, step6_led_by_management=False, step6_teachers_present=False)
        assert check("place_elsewhere", S.STEP_6, facts, DIRECTIE).missing == (
            "the meeting led by a member of the management or the IB",
            "the teacher(s) of the group present at the meeting",
        )
        no_meeting = replace(NOT_POSITIVE, step6_meeting_recorded=False)
        assert check("follow_up_after_step_6", S.STEP_6, no_meeting, DIRECTIE).missing == (
            "the meeting with all parents of the group",
        )

    @pytest.mark.parametrize(
        ("party", "text"),
        [
            (ConsentParty.TEACHER, "consent of the teacher for step 7"),
            (ConsentParty.TEAM, "consent of the team for step 7"),
            (ConsentParty.PARENTS, "consent of the parents for step 7"),
            (ConsentParty.IB, "consent of the IB for step 7"),
            (ConsentParty.DIRECTIE, "consent of the management for step 7"),
        ],
    )
    def test_step_seven_is_refused_without_each_consent_naming_it(self, party, text):
        facts = replace(NOT_POSITIVE, step7_consents=ALL_CONSENTS - {party})
        decision = check("place_elsewhere", S.STEP_6, facts, DIRECTIE)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == (text,)
        assert text in decision.message

    @pytest.mark.parametrize("party", list(ConsentParty))
    @pytest.mark.parametrize(
        ("name", "state"),
        [
            ("suspend", S.STEP_7),
            ("suspend_without_placement", S.STEP_6),
            ("suspend_again", S.STEP_8),
        ],
    )
    def test_step_eight_is_refused_without_each_consent(self, name, state, party):
        facts = replace(NOT_POSITIVE, step8_consents=ALL_CONSENTS - {party})
        decision = check(name, state, facts, DIRECTIE)
        assert decision.refusal == Refusal.INCOMPLETE
        assert len(decision.missing) == 1
        assert decision.missing[0].endswith("for step 8")

    def test_consents_for_step_seven_do_not_count_for_step_eight(self):
        facts = replace(NOT_POSITIVE, step8_consents=frozenset())
        assert len(check("suspend", S.STEP_7, facts, DIRECTIE).missing) == 5

    def test_step_seven_needs_a_placement(self):
        facts = replace(NOT_POSITIVE, placement=None)
        missing = check("place_elsewhere", S.STEP_6, facts, DIRECTIE).missing
        assert missing == (
            "a temporary placement of the bully or the victim in another group or school, "
            "with start, end and review dates",
        )

    def test_a_victim_may_be_placed_elsewhere_but_a_follower_may_not(self):
        victim = replace(NOT_POSITIVE, placement=replace(PLACEMENT, role="victim"))
        assert check("place_elsewhere", S.STEP_6, victim, DIRECTIE).allowed
        follower = replace(NOT_POSITIVE, placement=replace(PLACEMENT, role="follower"))
        assert check("place_elsewhere", S.STEP_6, follower, DIRECTIE).missing == (
            "placement of Tim Bakker: Only a bully or a victim can be placed elsewhere.",
        )

    def test_back_to_follow_up_conversations_after_a_measure(self):
        for state in (S.STEP_7, S.STEP_8):
            assert fire("follow_up_after_measure", state, CaseFacts(), DIRECTIE) == S.STEP_5
        assert fire("follow_up_after_step_6", S.STEP_6, COMPLETE, DIRECTIE) == S.STEP_5


class TestSuspension:
    def test_five_school_days_are_allowed(self):
        assert validate_suspension("bully", 5) == []
        facts = replace(NOT_POSITIVE, suspension=replace(SUSPENSION, school_days=5))
        assert check("suspend", S.STEP_7, facts, DIRECTIE).allowed

    def test_six_school_days_are_refused(self):
        assert validate_suspension("bully", 6) == [
            "A suspension lasts at most five school days; this one lasts 6."
        ]
        facts = replace(NOT_POSITIVE, suspension=replace(SUSPENSION, school_days=6))
        decision = check("suspend", S.STEP_7, facts, DIRECTIE)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == (
            "suspension of Tim Bakker: "
            "A suspension lasts at most five school days; this one lasts 6.",
        )

    def test_a_suspension_of_no_school_days_is_refused(self):
        assert validate_suspension("bully", 0) == ["A suspension lasts at least one school day."]

    @pytest.mark.parametrize("role", ["victim", "follower", "defender", "bystander"])
    def test_only_a_bully_can_be_suspended(self, role):
        assert validate_suspension(role, 1) == ["Only a bully can be suspended."]

    def test_suspending_a_victim_is_refused_at_the_transition(self):
        facts = replace(NOT_POSITIVE, suspension=replace(SUSPENSION, role="victim"))
        assert check("suspend", S.STEP_7, facts, DIRECTIE).missing == (
            "suspension of Tim Bakker: Only a bully can be suspended.",
        )

    def test_step_eight_needs_a_suspension(self):
        facts = replace(NOT_POSITIVE, suspension=None)
        assert check("suspend", S.STEP_7, facts, DIRECTIE).missing == (
            "a suspension of the bully of at most five school days",
        )

    def test_more_than_one_school_day_is_reported_to_the_inspectie(self):
        assert not needs_inspectie_notice(1)
        assert needs_inspectie_notice(2)
        assert needs_inspectie_notice(5)

    def test_a_second_suspension_of_a_pupil_flags_the_school_board(self):
        assert not needs_board_consultation(0)
        assert needs_board_consultation(1)
        assert needs_board_consultation(3)


class TestPlacement:
    def test_a_valid_placement(self):
        assert (
            validate_placement("bully", date(2026, 5, 11), date(2026, 5, 29), date(2026, 5, 22))
            == []
        )

    def test_it_must_end_on_or_after_its_first_day(self):
        assert validate_placement(
            "victim", date(2026, 5, 11), date(2026, 5, 8), date(2026, 5, 8)
        ) == ["The placement must end on or after its first day."]

    def test_its_review_must_fall_within_the_placement(self):
        assert validate_placement(
            "bully", date(2026, 5, 11), date(2026, 5, 29), date(2026, 6, 5)
        ) == ["The review date must fall within the placement."]


ILLEGAL_PAIRS = [
    (state, transition)
    for state in CaseState
    for transition in TRANSITIONS
    if state not in transition.sources
]


class TestRefusals:
    @pytest.mark.parametrize(
        ("state", "transition"),
        ILLEGAL_PAIRS,
        ids=[f"{s.value}-{t.name}" for s, t in ILLEGAL_PAIRS],
    )
    def test_every_transition_is_refused_from_every_other_state(self, state, transition):
        decision = check(transition.name, state, COMPLETE, IB, reason="Een reden.")
        assert not decision.allowed
        assert decision.refusal == Refusal.ILLEGAL
        assert str(state.label) in decision.message
        assert str(transition.label) in decision.message

    def test_an_unknown_transition_is_refused(self):
        decision = check("skip_to_step_8", S.STEP_1, COMPLETE, IB)
        assert decision.refusal == Refusal.ILLEGAL
        assert decision.transition is None
        assert decision.message == "There is no action “skip_to_step_8”."

    @pytest.mark.parametrize(
        "name",
        [
            "escalate_to_step_6",
            "follow_up_after_step_6",
            "place_elsewhere",
            "suspend",
            "suspend_without_placement",
            "suspend_again",
            "follow_up_after_measure",
            "close_early",
        ],
    )
    def test_a_teacher_cannot_fire_management_transitions(self, name):
        transition = get_transition(name)
        state = sorted(transition.sources)[0]
        decision = check(name, state, NOT_POSITIVE, TEACHER, reason="x")
        assert decision.refusal == Refusal.NOT_ALLOWED
        assert "the management or the IB" in decision.message
        assert check(name, state, NOT_POSITIVE, DIRECTIE, reason="x").allowed

    @pytest.mark.parametrize(
        "name", [t.name for t in TRANSITIONS if t.who == frozenset({Actor.CASE_TEAM})]
    )
    def test_the_directie_alone_cannot_fire_the_teachers_transitions(self, name):
        transition = get_transition(name)
        state = sorted(transition.sources)[0]
        decision = check(name, state, COMPLETE, DIRECTIE, reason="x")
        assert decision.refusal == Refusal.NOT_ALLOWED
        assert "the teacher of this case or the IB" in decision.message

    def test_someone_outside_the_case_can_fire_nothing(self):
        for transition in TRANSITIONS:
            state = sorted(transition.sources)[0]
            decision = check(transition.name, state, COMPLETE, set(), reason="x")
            assert decision.refusal == Refusal.NOT_ALLOWED, transition.name

    def test_a_role_refusal_comes_before_what_is_missing(self):
        decision = check("place_elsewhere", S.STEP_6, CaseFacts(), TEACHER)
        assert decision.refusal == Refusal.NOT_ALLOWED
        assert decision.missing == ()

    @pytest.mark.parametrize("reason", ["", "   \n"])
    def test_closing_early_needs_a_reason(self, reason):
        decision = check("close_early", S.STEP_4, COMPLETE, DIRECTIE, reason=reason)
        assert decision.refusal == Refusal.INCOMPLETE
        assert decision.missing == ("a reason",)

    def test_closing_early_is_possible_from_every_open_state_but_phasing_out(self):
        for state in OPEN_STATES - {S.PHASING_OUT}:
            assert fire("close_early", state, CaseFacts(), DIRECTIE, reason="Verhuisd.") == S.CLOSED

    def test_reopening_starts_again_at_step_one_for_teacher_and_directie(self):
        for actors in (TEACHER, DIRECTIE):
            assert fire("reopen", S.CLOSED, COMPLETE, actors, reason="Het pesten is terug.") == (
                S.STEP_1
            )
        assert check("reopen", S.CLOSED, COMPLETE, TEACHER).missing == ("a reason",)

    def test_reopening_needs_a_verified_bullying_situation(self):
        facts = replace(COMPLETE, classified_as_bullying=False)
        decision = check("reopen", S.CLOSED, facts, TEACHER, reason="Toch pesten.")
        assert decision.missing == ("the classification “bullying” on the report",)

    def test_bullying_that_returns_while_phasing_out_goes_back_to_step_five(self):
        assert fire("resume_from_phasing_out", S.PHASING_OUT, CaseFacts(), reason="Weer.") == (
            S.STEP_5
        )

    def test_the_message_lists_everything_still_missing(self):
        facts = replace(COMPLETE, has_joint_conversation=False, agreement_count=0)
        decision = check("skip_step_3", S.STEP_2, facts, TEACHER)
        assert decision.message == (
            "“Step 2 done: step 3 not needed, go to step 4” cannot be done yet. Still needed: "
            "a joint conversation with bully and victim; at least one concrete agreement."
        )
        assert not decision

    def test_an_allowed_decision_has_no_message(self):
        decision = check("complete_step_1", S.STEP_1, COMPLETE, TEACHER)
        assert decision
        assert decision.message == ""
        assert decision.missing == ()

    def test_a_state_given_as_its_stored_value_is_understood(self):
        assert check("complete_step_1", "step_1", COMPLETE, TEACHER).allowed
        assert (
            "Step 4 – evaluation of the agreements"
            in check("complete_step_1", "step_4", COMPLETE, TEACHER).message
        )


class TestWorkspace:
    def test_decisions_from_a_state_for_a_teacher(self):
        decisions = {d.transition.name: d for d in decisions_from(S.STEP_5, NOT_POSITIVE, TEACHER)}
        assert set(decisions) == {
            "phase_out",
            "new_action_plan",
            "escalate_to_step_6",
            "close_early",
        }
        assert decisions["new_action_plan"].allowed
        assert decisions["phase_out"].refusal == Refusal.INCOMPLETE
        assert decisions["escalate_to_step_6"].refusal == Refusal.NOT_ALLOWED

    def test_decisions_do_not_ask_for_the_reason_the_form_will_ask_for(self):
        (decision,) = decisions_from(S.CLOSED, COMPLETE, TEACHER)
        assert decision.allowed

    def test_next_requirements_in_step_one(self):
        facts = replace(COMPLETE, victims_without_separate_talk=("Lotte van Dam",))
        next_step = next_step_requirements(S.STEP_1, facts)
        assert next_step.transition.name == "complete_step_1"
        assert next_step.missing == ["separate conversation with victim Lotte van Dam"]
        assert next_step.heading == "Still needed for Step 2 – joint conversation and agreements"

    def test_next_requirements_in_step_two_follow_whether_step_three_is_needed(self):
        assert next_step_requirements(S.STEP_2, COMPLETE).transition.name == "skip_step_3"
        required = replace(COMPLETE, parents_reported=True)
        assert next_step_requirements(S.STEP_2, required).transition.name == "complete_step_2"

    def test_next_requirements_in_step_five_follow_the_judgement(self):
        assert next_step_requirements(S.STEP_5, COMPLETE).transition.name == "phase_out"
        assert next_step_requirements(S.STEP_5, NOT_POSITIVE).transition.name == "new_action_plan"
        undecided = replace(COMPLETE, outcome_positive=None)
        assert next_step_requirements(S.STEP_5, undecided).missing == [
            "the judgement whether the effects are positive"
        ]

    def test_next_requirements_of_a_new_report(self):
        assert next_step_requirements(S.REPORTED, CaseFacts()).transition.name == (
            "verify_as_bullying"
        )
        teasing = CaseFacts(classified_as_not_bullying=True)
        assert next_step_requirements(S.REPORTED, teasing).transition.name == (
            "verify_as_not_bullying"
        )

    @pytest.mark.parametrize("state", [S.STEP_7, S.STEP_8, S.PHASING_OUT, S.CLOSED])
    def test_no_checklist_where_the_way_forward_is_a_decision(self, state):
        assert next_step_requirements(state, COMPLETE) is None


def statuses(result) -> list[str]:
    return [status.value for _step, status in result]


class TestProgress:
    def test_a_new_report_has_everything_to_do(self):
        assert statuses(progress(S.REPORTED)) == ["todo"] * 8

    def test_in_step_four_with_step_three_skipped(self):
        result = progress(S.STEP_4, skipped={S.STEP_3})
        assert statuses(result) == ["done", "done", "skipped", "current"] + ["todo"] * 4
        assert [p.number for p in result] == list(range(1, 9))
        assert result[3].step == S.STEP_4

    def test_phasing_out_needs_no_escalation_steps(self):
        assert statuses(progress(S.PHASING_OUT)) == ["done"] * 5 + ["not_needed"] * 3

    def test_suspension_straight_after_step_six(self):
        assert statuses(progress(S.STEP_8, skipped={S.STEP_3, S.STEP_7})) == [
            "done",
            "done",
            "skipped",
            "done",
            "done",
            "done",
            "skipped",
            "current",
        ]

    def test_back_in_step_five_after_a_placement(self):
        visited = {S.STEP_1, S.STEP_2, S.STEP_3, S.STEP_4, S.STEP_5, S.STEP_6, S.STEP_7}
        assert statuses(progress(S.STEP_5, visited=visited)) == [
            "done",
            "done",
            "done",
            "done",
            "current",
            "done",
            "done",
            "todo",
        ]

    def test_a_report_closed_as_teasing_needed_no_steps(self):
        assert statuses(progress(S.CLOSED)) == ["not_needed"] * 8

    def test_a_closed_case_shows_the_steps_it_went_through(self):
        visited = {S.STEP_1, S.STEP_2, S.STEP_4, S.STEP_5, S.PHASING_OUT}
        assert statuses(progress(S.CLOSED, skipped={S.STEP_3}, visited=visited)) == [
            "done",
            "done",
            "skipped",
            "done",
            "done",
            "not_needed",
            "not_needed",
            "not_needed",
        ]

    def test_statuses_have_labels(self):
        assert {str(s.label) for s in StepStatus} == {
            "Done",
            "Current step",
            "Skipped",
            "To do",
            "Not needed",
        }


# 2026: spring holiday 16–20 February, Easter 3–6 April.
CALENDAR = SchoolCalendar(
    [(date(2026, 2, 16), date(2026, 2, 20)), (date(2026, 4, 3), date(2026, 4, 6))]
)
TODAY = date(2026, 3, 11)


class TestDeadlines:
    def test_step_two_sets_the_first_evaluation_a_week_after_the_agreements(self):
        facts = replace(COMPLETE, agreements_made_on=date(2026, 2, 10))
        for name in ("complete_step_2", "skip_step_3"):
            due = deadlines_for(get_transition(name), facts, calendar=CALENDAR, today=TODAY)
            # A week after 10 February is in the spring holiday.
            assert due == {DeadlineRule.FIRST_EVALUATION: date(2026, 2, 23)}

    def test_step_three_sets_the_parent_follow_up_after_the_first_evaluation(self):
        facts = replace(COMPLETE, agreements_made_on=date(2026, 3, 3))
        due = deadlines_for(
            get_transition("complete_step_3"), facts, calendar=CALENDAR, today=TODAY
        )
        # First evaluation Tuesday 10 March; two school days later.
        assert due == {DeadlineRule.PARENT_FOLLOWUP: date(2026, 3, 12)}

    def test_step_four_sets_the_next_conversation_two_weeks_after_the_evaluation(self):
        facts = replace(COMPLETE, last_conversation_on=date(2026, 3, 20))
        due = deadlines_for(
            get_transition("complete_step_4"), facts, calendar=CALENDAR, today=TODAY
        )
        assert due == {DeadlineRule.NEXT_CONVERSATION: date(2026, 4, 7)}  # past Easter

    def test_a_new_action_plan_sets_another_two_weeks(self):
        facts = replace(NOT_POSITIVE, last_conversation_on=date(2026, 3, 11))
        due = deadlines_for(
            get_transition("new_action_plan"), facts, calendar=CALENDAR, today=TODAY
        )
        assert due == {DeadlineRule.NEXT_CONVERSATION: date(2026, 3, 25)}

    def test_a_missing_anchor_counts_from_today(self):
        facts = replace(COMPLETE, last_conversation_on=None, agreements_made_on=None)
        transition = get_transition("follow_up_after_measure")
        assert deadlines_for(transition, facts, calendar=CALENDAR, today=TODAY) == {
            DeadlineRule.NEXT_CONVERSATION: date(2026, 3, 25)
        }
        transition = get_transition("skip_step_3")
        assert deadlines_for(transition, facts, calendar=CALENDAR, today=TODAY) == {
            DeadlineRule.FIRST_EVALUATION: date(2026, 3, 18)
        }

    def test_a_placement_sets_its_review_on_a_school_day(self):
        saturday = replace(PLACEMENT, ends_on=date(2026, 5, 30), review_on=date(2026, 5, 23))
        facts = replace(NOT_POSITIVE, placement=saturday)
        due = deadlines_for(
            get_transition("place_elsewhere"), facts, calendar=CALENDAR, today=TODAY
        )
        assert due == {DeadlineRule.PLACEMENT_REVIEW: date(2026, 5, 25)}

    def test_phasing_out_is_reviewed_after_two_weeks(self):
        due = deadlines_for(get_transition("phase_out"), COMPLETE, calendar=CALENDAR, today=TODAY)
        assert due == {DeadlineRule.PHASING_OUT_REVIEW: date(2026, 3, 25)}

    @pytest.mark.parametrize(
        "name", ["verify_as_bullying", "complete_step_1", "close_early", "reopen", "suspend"]
    )
    def test_transitions_without_a_protocol_deadline_set_none(self, name):
        assert deadlines_for(get_transition(name), COMPLETE, calendar=CALENDAR, today=TODAY) == {}


def _msgids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
    }


class TestDutch:
    def test_every_message_of_the_protocol_modules_has_a_dutch_translation(self, dutch):
        package_dir = Path(stappenplan.__file__).parent
        msgids = _msgids(package_dir.parent / "calendar.py")
        for module in package_dir.glob("*.py"):
            msgids |= _msgids(module)
        assert msgids
        assert sorted(msgids - set(dutch)) == []

    def test_state_labels_in_dutch(self, dutch):
        assert str(S.REPORTED.label) == "Gemeld"
        assert str(S.STEP_1.label) == "Stap 1 – afzonderlijke gesprekken"
        assert str(S.PHASING_OUT.label) == "Afbouwen"
        assert str(S.CLOSED.label) == "Gesloten"

    def test_what_is_missing_in_dutch(self, dutch):
        facts = replace(
            COMPLETE, victims_without_separate_talk=("Lotte van Dam",), team_informed=False
        )
        decision = check("complete_step_1", S.STEP_1, facts, TEACHER)
        assert decision.missing == (
            "afzonderlijk gesprek met gepeste Lotte van Dam",
            "het team op de hoogte gebracht (toezicht op het plein)",
        )
        assert decision.message == (
            "“Stap 1 afgerond: naar stap 2” kan nog niet. Nog nodig: afzonderlijk gesprek met "
            "gepeste Lotte van Dam; het team op de hoogte gebracht (toezicht op het plein)."
        )

    def test_an_illegal_transition_in_dutch(self, dutch):
        decision = check("complete_step_4", S.STEP_2, COMPLETE, TEACHER)
        assert decision.message == (
            "“Evaluatie afgerond: naar stap 5” kan nu niet: het dossier staat op "
            "“Stap 2 – gezamenlijk gesprek en afspraken”."
        )

    def test_a_role_refusal_in_dutch(self, dutch):
        decision = check("suspend", S.STEP_7, NOT_POSITIVE, TEACHER)
        assert decision.message == (
            "Alleen de directie of de intern begeleider mag “Pester schorsen (stap 8)” uitvoeren."
        )

    def test_a_missing_consent_in_dutch(self, dutch):
        facts = replace(NOT_POSITIVE, step8_consents=ALL_CONSENTS - {ConsentParty.PARENTS})
        decision = check("suspend", S.STEP_7, facts, DIRECTIE)
        assert decision.missing == ("toestemming van de ouders voor stap 8",)

    def test_a_six_day_suspension_in_dutch(self, dutch):
        facts = replace(NOT_POSITIVE, suspension=replace(SUSPENSION, school_days=6))
        decision = check("suspend", S.STEP_7, facts, DIRECTIE)
        assert decision.missing == (
            "schorsing van Tim Bakker: "
            "Een schorsing duurt ten hoogste vijf schooldagen; deze duurt er 6.",
        )

    def test_step_three_required_in_dutch(self, dutch):
        facts = replace(COMPLETE, parents_reported=True)
        assert check("skip_step_3", S.STEP_2, facts, TEACHER).missing == (
            "stap 3, terugkoppeling naar de ouders (de ouders hebben de melding gedaan)",
        )

    def test_the_workspace_heading_in_dutch(self, dutch):
        next_step = next_step_requirements(S.STEP_2, COMPLETE)
        assert next_step.heading == "Nog nodig voor Stap 4 – evaluatie van de afspraken"
