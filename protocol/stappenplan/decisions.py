"""Questions asked of the table: may this transition fire, what comes next, which deadlines
it sets, and how far along the eight steps a case is."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from protocol.calendar import SchoolCalendar
from protocol.stappenplan.facts import CaseFacts
from protocol.stappenplan.guards import step_3_required
from protocol.stappenplan.states import (
    STEPS,
    Actor,
    CaseState,
    DeadlineRule,
    Refusal,
    StepStatus,
    step_number,
)
from protocol.stappenplan.transitions import (
    _BY_NAME,
    Transition,
    missing_for,
    transitions_from,
    who_label,
)

_S = CaseState


@dataclass(frozen=True)
class Decision:
    transition: Transition | None
    refusal: Refusal | None = None
    missing: tuple[str, ...] = ()
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def __bool__(self) -> bool:
        return self.allowed


def check(
    transition_name: str,
    state: CaseState,
    facts: CaseFacts,
    actor_kinds: Iterable[Actor],
    *,
    reason: str = "",
) -> Decision:
    """May a user with `actor_kinds` fire `transition_name` on a case in `state`?

    The refusal names the first problem of: no such transition from this state, not for
    this role, what is still missing (including a reason where one is required).
    """
    return _decide(transition_name, state, facts, set(actor_kinds), reason, check_reason=True)


def decisions_from(
    state: CaseState, facts: CaseFacts, actor_kinds: Iterable[Actor]
) -> list[Decision]:
    """A decision for every transition from `state`, for the buttons of the case's workspace.

    The reason is asked for on the form behind the button, so it is not checked here.
    """
    actor_kinds = set(actor_kinds)
    return [
        _decide(t.name, state, facts, actor_kinds, "", check_reason=False)
        for t in transitions_from(state)
    ]


def _decide(
    transition_name: str,
    state: CaseState,
    facts: CaseFacts,
    actor_kinds: set[Actor],
    reason: str,
    *,
    check_reason: bool,
) -> Decision:
    transition = _BY_NAME.get(transition_name)
    if transition is None:
        return Decision(
            None,
            Refusal.ILLEGAL,
            message=_("There is no action “%(name)s”.") % {"name": transition_name},
        )
    if state not in transition.sources:
        return Decision(
            transition,
            Refusal.ILLEGAL,
            message=_("“%(transition)s” is not possible now: the case is at “%(state)s”.")
            % {"transition": transition.label, "state": CaseState(state).label},
        )
    if not transition.who & actor_kinds:
        return Decision(
            transition,
            Refusal.NOT_ALLOWED,
            message=_("Only %(who)s may do “%(transition)s”.")
            % {"who": who_label(transition.who), "transition": transition.label},
        )
    missing = missing_for(transition, facts)
    if check_reason and transition.needs_reason(facts) and not reason.strip():
        if transition.is_early(facts):
            missing.append(
                str(_("a reason why this happens before the two weeks of step 5 have passed"))
            )
        else:
            missing.append(str(_("a reason")))
    if missing:
        return Decision(
            transition,
            Refusal.INCOMPLETE,
            tuple(missing),
            _("“%(transition)s” cannot be done yet. Still needed: %(missing)s.")
            % {"transition": transition.label, "missing": "; ".join(missing)},
        )
    return Decision(transition)


@dataclass(frozen=True)
class NextStep:
    transition: Transition
    missing: list[str]

    @property
    def heading(self) -> str:
        return _("Still needed for %(step)s") % {"step": self.transition.target.label}


_MAIN_NEXT: dict[CaseState, str] = {
    _S.STEP_1: "complete_step_1",
    _S.STEP_3: "complete_step_3",
    _S.STEP_4: "complete_step_4",
    _S.STEP_6: "follow_up_after_step_6",
}


def next_step_requirements(state: CaseState, facts: CaseFacts) -> NextStep | None:
    """The way forward a teacher would normally take from `state` and what it still needs,
    for the workspace's "nog nodig voor stap 2: …". None where the way forward is a
    decision rather than a checklist (steps 7 and 8, phasing out, closed)."""
    if state == _S.REPORTED:
        name = (
            "verify_as_not_bullying" if facts.classified_as_not_bullying else "verify_as_bullying"
        )
    elif state == _S.STEP_2:
        name = "complete_step_2" if step_3_required(facts) else "skip_step_3"
    elif state == _S.STEP_5:
        name = "new_action_plan" if facts.outcome_positive is False else "phase_out"
    elif state in _MAIN_NEXT:
        name = _MAIN_NEXT[state]
    else:
        return None
    transition = _BY_NAME[name]
    return NextStep(transition, missing_for(transition, facts))


def deadlines_for(
    transition: Transition, facts: CaseFacts, *, calendar: SchoolCalendar, today: date
) -> dict[DeadlineRule, date]:
    """The deadlines `transition` sets when it fires on `today` (the Amsterdam date).

    Anchors: the first evaluation counts from the agreements; the parent follow-up from the
    first evaluation's due date; the two-week conversation from the latest conversation with
    the pupils in the current state; the placement review is the recorded review date; the
    phasing-out review counts from today. A missing anchor falls back to `today`.
    """
    due: dict[DeadlineRule, date] = {}
    for rule in transition.deadlines:
        if rule == DeadlineRule.FIRST_EVALUATION:
            due[rule] = calendar.first_evaluation_due(facts.agreements_made_on or today)
        elif rule == DeadlineRule.PARENT_FOLLOWUP:
            evaluation = calendar.first_evaluation_due(facts.agreements_made_on or today)
            due[rule] = calendar.parent_followup_due(evaluation)
        elif rule == DeadlineRule.NEXT_CONVERSATION:
            due[rule] = calendar.two_week_due(facts.last_conversation_on or today)
        elif rule == DeadlineRule.PLACEMENT_REVIEW:
            review_on = facts.placement.review_on if facts.placement else today
            due[rule] = calendar.next_school_day(review_on)
        elif rule == DeadlineRule.PHASING_OUT_REVIEW:
            due[rule] = calendar.two_week_due(today)
        else:  # pragma: no cover - REGISTRATION is set when an incident is reported
            raise ValueError(f"{rule} is not set by a transition")
    return due


class StepProgress(NamedTuple):
    """(step, status) for the progress bar of the eight steps."""

    step: CaseState
    status: StepStatus

    @property
    def number(self) -> int:
        return STEPS.index(self.step) + 1


def progress(
    state: CaseState,
    skipped: Iterable[CaseState] = (),
    visited: Iterable[CaseState] = (),
) -> list[StepProgress]:
    """The status of each of the eight steps.

    `skipped`: the steps recorded as skipped; `visited`: the states the case entered. Both
    since the case last entered step 1 (a reopened case starts a new round).
    """
    skipped = set(skipped)
    visited = set(visited)
    state = CaseState(state)
    current = step_number(state)
    result = []
    for number, step in enumerate(STEPS, start=1):
        if step == state:
            status = StepStatus.CURRENT
        elif step in skipped:
            status = StepStatus.SKIPPED
        elif step in visited:
            status = StepStatus.DONE
        elif current is not None:
            # Every step before the current one lies on the only way to it.
            status = StepStatus.DONE if number < current else StepStatus.TODO
        elif state == _S.PHASING_OUT:
            status = StepStatus.DONE if number <= 5 else StepStatus.NOT_NEEDED
        elif state == _S.CLOSED:
            status = StepStatus.NOT_NEEDED
        else:  # reported
            status = StepStatus.TODO
        result.append(StepProgress(step, status))
    return result
