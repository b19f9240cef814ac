"""The workspace as a whole, computed once per request in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from cases.models import ActionPlan, Agreement, Case, Suspension
from cases.stappenplan.facts import case_facts
from cases.stappenplan.forms import InvolvedPupil
from cases.stappenplan.selectors import case_progress
from cases.stappenplan.timeline import case_timeline
from cases.stappenplan.workspace.choices import case_choices, involved_pupils
from cases.stappenplan.workspace.forms import OpenForm, record_forms
from cases.stappenplan.workspace.rows import (
    AgreementRow,
    TimelineRow,
    agreement_rows,
    timeline_rows,
)
from cases.stappenplan.workspace.steps import (
    STEP_NAMES,
    Deadline,
    StepButton,
    StepView,
    deadline_of,
    step_buttons,
)
from protocol.stappenplan import (
    OPEN_STATES,
    Actor,
    CaseFacts,
    CaseState,
    NextStep,
    next_step_requirements,
    step_number,
)


@dataclass
class Workspace:
    case: Case
    actor_kinds: set[Actor]
    facts: CaseFacts
    pupils: list[InvolvedPupil]
    teachers: list[Any]
    steps: list[StepView]
    next_step: NextStep | None
    buttons: list[StepButton]
    closing_buttons: list[StepButton]
    deadline: Deadline | None
    timeline: list[TimelineRow]
    forms_now: list[OpenForm]
    forms_more: list[OpenForm]
    editing: OpenForm | None
    agreements: list[AgreementRow]
    action_plans: list[ActionPlan]
    suspensions: list[Suspension]
    may_record: bool

    @property
    def state(self) -> CaseState:
        return CaseState(self.case.state)

    @property
    def step_number(self) -> int | None:
        return step_number(self.state)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def step_name(self) -> str:
        return str(STEP_NAMES.get(self.state, self.state.label))

    @property
    def open_form_id(self) -> str:
        """The form to bring into view when the page loads."""
        candidates = [self.editing, *self.forms_now, *self.forms_more]
        candidates += [row.evaluation for row in self.agreements]
        for entry in candidates:
            if entry is not None and entry.is_open:
                return entry.dom_id
        return ""


def build_workspace(
    case: Case,
    actor_kinds: set[Actor],
    *,
    open_form: OpenForm | None = None,
    reasons: dict[str, str] | None = None,
    today: date | None = None,
) -> Workspace:
    """Everything the workspace shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    state = CaseState(case.state)
    facts = case_facts(case)
    pupils = involved_pupils(case)
    agreements = list(
        Agreement.objects.filter(case=case).select_related("pupil").order_by("made_on", "pk")
    )
    may_record = bool(actor_kinds) and state in OPEN_STATES
    choices = case_choices(pupils) if may_record else None

    forms_now: list[OpenForm] = []
    forms_more: list[OpenForm] = []
    editing = None
    if choices is not None:
        forms_now, forms_more = record_forms(case, actor_kinds, facts, choices, open_form)
        if open_form is not None and open_form.is_edit:
            editing = open_form
    next_step = next_step_requirements(state, facts) if state in OPEN_STATES else None
    # A closed case has buttons too: reopening it.
    buttons, closing = step_buttons(case, facts, actor_kinds, reasons or {}, next_step)

    return Workspace(
        case=case,
        actor_kinds=actor_kinds,
        facts=facts,
        pupils=pupils,
        teachers=list(case.teachers.all()),
        steps=[
            StepView(p.number, str(STEP_NAMES[p.step]), str(p.step.label), p.status)
            for p in case_progress(case)
        ],
        next_step=next_step,
        buttons=buttons,
        closing_buttons=closing,
        deadline=deadline_of(case, today),
        timeline=timeline_rows(case, case_timeline(case), actor_kinds, may_record),
        forms_now=forms_now,
        forms_more=forms_more,
        editing=editing,
        agreements=agreement_rows(case, agreements, choices, open_form),
        action_plans=list(ActionPlan.objects.filter(case=case).order_by("-period_start", "-pk")),
        suspensions=list(
            Suspension.objects.filter(case=case).select_related("pupil").order_by("-start_date")
        ),
        may_record=may_record,
    )
