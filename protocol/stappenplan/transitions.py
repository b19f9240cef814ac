"""The table of transitions: from where, to where, by whom, needing what, setting which
deadlines."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from protocol.stappenplan.facts import CaseFacts
from protocol.stappenplan.guards import (
    Guard,
    _all,
    _consents,
    _new_action_plan,
    _not_bullying,
    _not_positive,
    _nothing,
    _phase_out,
    _placement,
    _step_1_work,
    _step_2_work,
    _step_3_not_required,
    _step_3_work,
    _step_4_work,
    _step_6_work,
    _suspension,
    _verification,
    before_two_weeks,
)
from protocol.stappenplan.states import OPEN_STATES, Actor, CaseState, DeadlineRule


@dataclass(frozen=True)
class Transition:
    """One row of the table.

    `who`: the actor kinds of which the user needs at least one. `deadlines`: the kinds of
    deadline the transition sets (dates from `deadlines_for`). `skips`: the step recorded as
    skipped. `requires_reason`: a non-blank reason must be given, and kept on the timeline;
    `early`: when it says the case is early for this transition, a reason is required too.
    """

    name: str
    sources: frozenset[CaseState]
    target: CaseState
    label: str
    who: frozenset[Actor]
    guard: Guard = _nothing
    deadlines: tuple[DeadlineRule, ...] = ()
    skips: CaseState | None = None
    requires_reason: bool = False
    early: Callable[[CaseFacts], bool] | None = None

    def needs_reason(self, facts: CaseFacts) -> bool:
        return self.requires_reason or self.is_early(facts)

    def is_early(self, facts: CaseFacts) -> bool:
        return self.early is not None and self.early(facts)


_CASE_TEAM = frozenset({Actor.CASE_TEAM})
_MANAGEMENT = frozenset({Actor.MANAGEMENT})
_S = CaseState

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "verify_as_bullying",
        frozenset({_S.REPORTED}),
        _S.STEP_1,
        _("It is bullying: start step 1"),
        _CASE_TEAM,
        _verification,
    ),
    Transition(
        "verify_as_not_bullying",
        frozenset({_S.REPORTED}),
        _S.CLOSED,
        _("It is not bullying (teasing or aggression): close"),
        _CASE_TEAM,
        _not_bullying,
        requires_reason=True,
    ),
    Transition(
        "complete_step_1",
        frozenset({_S.STEP_1}),
        _S.STEP_2,
        _("Step 1 done: go to step 2"),
        _CASE_TEAM,
        _step_1_work,
    ),
    Transition(
        "complete_step_2",
        frozenset({_S.STEP_2}),
        _S.STEP_3,
        _("Step 2 done: inform the parents (step 3)"),
        _CASE_TEAM,
        _step_2_work,
        deadlines=(DeadlineRule.FIRST_EVALUATION,),
    ),
    Transition(
        "skip_step_3",
        frozenset({_S.STEP_2}),
        _S.STEP_4,
        _("Step 2 done: step 3 not needed, go to step 4"),
        _CASE_TEAM,
        _all(_step_2_work, _step_3_not_required),
        deadlines=(DeadlineRule.FIRST_EVALUATION,),
        skips=_S.STEP_3,
    ),
    Transition(
        "complete_step_3",
        frozenset({_S.STEP_3}),
        _S.STEP_4,
        _("Parents informed: go to step 4"),
        _CASE_TEAM,
        _step_3_work,
        deadlines=(DeadlineRule.PARENT_FOLLOWUP,),
    ),
    Transition(
        "complete_step_4",
        frozenset({_S.STEP_4}),
        _S.STEP_5,
        _("Evaluation done: go to step 5"),
        _CASE_TEAM,
        _step_4_work,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "phase_out",
        frozenset({_S.STEP_5}),
        _S.PHASING_OUT,
        _("Effects positive: phase out"),
        _CASE_TEAM,
        _phase_out,
        deadlines=(DeadlineRule.PHASING_OUT_REVIEW,),
        early=before_two_weeks,
    ),
    Transition(
        "new_action_plan",
        frozenset({_S.STEP_5}),
        _S.STEP_5,
        _("Effects not positive: new action plan for two weeks"),
        _CASE_TEAM,
        _new_action_plan,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "escalate_to_step_6",
        frozenset({_S.STEP_5}),
        _S.STEP_6,
        _("Escalate: meeting with all parents of the group (step 6)"),
        _MANAGEMENT,
        _not_positive,
    ),
    Transition(
        "follow_up_after_step_6",
        frozenset({_S.STEP_6}),
        _S.STEP_5,
        _("Meeting held: back to the follow-up conversations (step 5)"),
        _MANAGEMENT,
        _step_6_work,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "place_elsewhere",
        frozenset({_S.STEP_6}),
        _S.STEP_7,
        _("Place a pupil temporarily elsewhere (step 7)"),
        _MANAGEMENT,
        _all(_step_6_work, lambda f: _consents(f.step7_consents, 7), _placement),
        deadlines=(DeadlineRule.PLACEMENT_REVIEW,),
    ),
    Transition(
        "suspend",
        frozenset({_S.STEP_7}),
        _S.STEP_8,
        _("Suspend the bully (step 8)"),
        _MANAGEMENT,
        _all(lambda f: _consents(f.step8_consents, 8), _suspension),
    ),
    Transition(
        "suspend_without_placement",
        frozenset({_S.STEP_6}),
        _S.STEP_8,
        _("Suspend the bully without a placement elsewhere (step 8)"),
        _MANAGEMENT,
        _all(_step_6_work, lambda f: _consents(f.step8_consents, 8), _suspension),
        skips=_S.STEP_7,
    ),
    Transition(
        "suspend_again",
        frozenset({_S.STEP_8}),
        _S.STEP_8,
        _("Suspend again (step 8)"),
        _MANAGEMENT,
        _all(lambda f: _consents(f.step8_consents, 8), _suspension),
    ),
    Transition(
        "follow_up_after_measure",
        frozenset({_S.STEP_7, _S.STEP_8}),
        _S.STEP_5,
        _("Back to the follow-up conversations (step 5)"),
        _MANAGEMENT,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "resume_from_phasing_out",
        frozenset({_S.PHASING_OUT}),
        _S.STEP_5,
        _("Bullying returns: back to step 5"),
        _CASE_TEAM,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
        requires_reason=True,
    ),
    Transition(
        "close_after_phasing_out",
        frozenset({_S.PHASING_OUT}),
        _S.CLOSED,
        _("Phasing out done: close the case"),
        _CASE_TEAM,
        requires_reason=True,
    ),
    Transition(
        "close_early",
        OPEN_STATES - {_S.PHASING_OUT},
        _S.CLOSED,
        _("Close the case early"),
        _MANAGEMENT,
        requires_reason=True,
    ),
    Transition(
        "reopen",
        frozenset({_S.CLOSED}),
        _S.STEP_1,
        _("Reopen the case (step 1)"),
        frozenset({Actor.CASE_TEAM, Actor.MANAGEMENT}),
        _verification,
        requires_reason=True,
    ),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}
assert len(_BY_NAME) == len(TRANSITIONS), "transition names must be unique"


def get_transition(name: str) -> Transition:
    """The transition called `name`; KeyError when there is none."""
    return _BY_NAME[name]


def transitions_from(state: CaseState) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def missing_for(transition: Transition, facts: CaseFacts) -> list[str]:
    """What the case still needs before `transition` may fire (a reason not included)."""
    return transition.guard(facts)


def who_label(who: frozenset[Actor]) -> str:
    if who == _CASE_TEAM:
        return str(_("the teacher of this case or the IB"))
    if who == _MANAGEMENT:
        return str(_("the management or the IB"))
    return str(_("the teacher of this case, the IB or the management"))
