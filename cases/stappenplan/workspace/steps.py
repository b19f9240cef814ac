"""Where the case is and what may happen next: the progress bar of the eight steps, the step
buttons this user may press, and the next deadline."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.stappenplan.forms import TransitionForm
from protocol.stappenplan import (
    OPEN_STATES,
    Actor,
    CaseFacts,
    CaseState,
    DeadlineRule,
    Decision,
    NextStep,
    StepStatus,
    decisions_from,
)

S = CaseState


@dataclass(frozen=True)
class StepButton:
    decision: Decision
    form: TransitionForm
    # The way forward a teacher normally takes; what it misses is listed above the buttons.
    is_main: bool = False
    # A reason is asked for: always for some transitions, for others when the case is early.
    needs_reason: bool = False
    is_early: bool = False

    @property
    def transition(self):
        return self.decision.transition

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def requires_reason(self) -> bool:
        return self.needs_reason

    @property
    def is_closing(self) -> bool:
        return self.transition.target == S.CLOSED


@dataclass(frozen=True)
class Deadline:
    due: date
    kind: str
    overdue: bool
    days_left: int


# Short names for the progress bar; the full names are CaseState's labels.
STEP_NAMES = {
    S.STEP_1: _("Separate conversations"),
    S.STEP_2: _("Joint conversation"),
    S.STEP_3: _("Parents"),
    S.STEP_4: _("Evaluation"),
    S.STEP_5: _("After two weeks"),
    S.STEP_6: _("All parents"),
    S.STEP_7: _("Placement"),
    S.STEP_8: _("Suspension"),
}
STATUS_CLASSES = {
    StepStatus.DONE: "done",
    StepStatus.CURRENT: "current",
    StepStatus.SKIPPED: "skipped",
    StepStatus.TODO: "todo",
    StepStatus.NOT_NEEDED: "not-needed",
}


@dataclass(frozen=True)
class StepView:
    number: int
    name: str
    full_name: str
    status: StepStatus

    @property
    def css(self) -> str:
        return STATUS_CLASSES[self.status]

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def is_current(self) -> bool:
        return self.status == StepStatus.CURRENT


def deadline_of(case: Case, today: date) -> Deadline | None:
    if case.next_deadline is None or case.state not in OPEN_STATES:
        return None
    try:
        kind = str(DeadlineRule(case.next_deadline_kind).label)
    except ValueError:
        kind = case.next_deadline_kind
    return Deadline(
        due=case.next_deadline,
        kind=kind,
        overdue=case.next_deadline < today,
        days_left=(case.next_deadline - today).days,
    )


# Transitions that end or restart a case are kept apart from the way forward, so that nobody
# closes a case by accident.
CLOSING = frozenset({"close_early", "reopen", "verify_as_not_bullying"})


def step_buttons(
    case: Case,
    facts: CaseFacts,
    actor_kinds: set[Actor],
    reasons: dict[str, str],
    next_step: NextStep | None,
) -> tuple[list[StepButton], list[StepButton]]:
    """Only the transitions this user may fire; those that still miss something come with
    what they miss, to be shown disabled."""
    buttons: list[StepButton] = []
    closing: list[StepButton] = []
    for decision in decisions_from(CaseState(case.state), facts, actor_kinds):
        transition = decision.transition
        if transition is None or not (transition.who & actor_kinds):
            continue
        form = TransitionForm(
            initial={
                "name": transition.name,
                "reason": reasons.get(transition.name, ""),
                "version": case.version,
            },
            auto_id=f"id_{transition.name}_%s",
        )
        needs_reason = transition.needs_reason(facts)
        form.fields["reason"].required = needs_reason
        is_main = next_step is not None and next_step.transition.name == transition.name
        button = StepButton(
            decision, form, is_main, needs_reason, is_early=transition.is_early(facts)
        )
        (closing if transition.name in CLOSING else buttons).append(button)
    # The way forward first, then what may be done now, then the rest.
    buttons.sort(key=lambda b: (not b.is_main, not b.allowed))
    return buttons, closing
