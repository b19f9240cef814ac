"""The record forms of the workspace: blank, being filled in or changing a record, and which
of them a page offers (those of the current step first, the others folded away)."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.stappenplan.forms import (
    BaseActionPlanItemFormSet,
    CaseChoices,
    RecordForm,
    action_plan_formset,
)
from cases.stappenplan.workspace.kinds import ESCALATED, MANAGEMENT, RECORD_KINDS, RecordKind, S
from protocol.stappenplan import Actor, CaseFacts, CaseState


@dataclass
class OpenForm:
    """A form of the workspace: blank, being filled in (perhaps with errors), or changing a
    record. `record`: the record being changed (the agreement for an evaluation, the case for a
    judgement); None for a new record."""

    kind: RecordKind
    case_pk: int
    form: RecordForm
    formset: BaseActionPlanItemFormSet | None = None
    record: models.Model | None = None
    # After a concurrent change: who changed it, when, and the saved values to compare with.
    conflict: dict[str, Any] | None = None

    @property
    def is_edit(self) -> bool:
        """Changing an existing record (not a judgement on the case, not an evaluation)."""
        return self.record is not None and not self.kind.on_case and self.kind.slug != "evaluatie"

    @property
    def is_open(self) -> bool:
        """Shown unfolded: being filled in, or opened to change a record."""
        return self.form.is_bound or self.is_edit

    @property
    def has_errors(self) -> bool:
        formset_errors = (
            self.formset is not None
            and self.formset.is_bound
            and (self.formset.total_error_count() > 0)
        )
        return bool(self.form.is_bound and self.form.errors) or formset_errors

    @property
    def action(self) -> str:
        if self.kind.on_case:
            return reverse("cases:case_judgement", args=[self.case_pk, self.kind.slug])
        if self.record is not None:
            return reverse("cases:record_edit", args=[self.case_pk, self.kind.slug, self.record.pk])
        return reverse("cases:record_create", args=[self.case_pk, self.kind.slug])

    @property
    def dom_id(self) -> str:
        if self.kind.slug == "evaluatie" and self.record is not None:
            return f"evaluatie-{self.record.pk}"
        return f"{'wijzig' if self.is_edit else 'nieuw'}-{self.kind.slug}"

    @property
    def is_new(self) -> bool:
        """Adds something new (rather than changing what is there)."""
        return not self.is_edit and not (self.kind.on_case and self._already_judged)

    @property
    def title(self) -> str:
        if not self.is_new:
            return str(_("Change: %(record)s") % {"record": str(self.kind.title).lower()})
        return str(self.kind.title)

    @property
    def _already_judged(self) -> bool:
        initial = self.kind.form_class.initial_from(self.record) if self.record else {}
        return any(value not in (None, "") for name, value in initial.items() if name != "version")


def _form(
    kind: RecordKind, choices: CaseChoices, record: Any, data: Any = None, **kwargs: Any
) -> RecordForm:
    # Evaluation forms sit side by side on the page, one per agreement.
    prefix = f"evaluatie-{record.pk}" if kind.slug == "evaluatie" and record else kind.slug
    editing = record is not None and not kind.on_case
    return kind.form_class(data, choices=choices, prefix=prefix, editing=editing, **kwargs)


def blank_form(kind: RecordKind, case: Case, choices: CaseChoices) -> OpenForm:
    if kind.on_case:
        form = _form(kind, choices, case, initial=kind.form_class.initial_from(case))
        return OpenForm(kind, case.pk, form, record=case)
    form = _form(kind, choices, None, initial=kind.initial(CaseState(case.state)))
    formset = action_plan_formset(choices=choices) if kind.has_items else None
    return OpenForm(kind, case.pk, form, formset)


def edit_form(kind: RecordKind, case: Case, record: models.Model, choices: CaseChoices) -> OpenForm:
    form = _form(kind, choices, record, initial=kind.form_class.initial_from(record))
    formset = None
    if kind.has_items:
        formset = action_plan_formset(choices=choices, items=list(record.items.all()))
    return OpenForm(kind, case.pk, form, formset, record)


def bound_form(
    kind: RecordKind, case: Case, data: Any, choices: CaseChoices, *, record: Any = None
) -> OpenForm:
    """The form as posted. Fields that cannot change keep the record's values."""
    if kind.on_case:
        record = case
    initial = kind.form_class.initial_from(record) if record is not None else None
    form = _form(kind, choices, record, data, initial=initial)
    formset = action_plan_formset(data, choices=choices) if kind.has_items else None
    return OpenForm(kind, case.pk, form, formset, record)


def record_forms(
    case: Case,
    actor_kinds: set[Actor],
    facts: CaseFacts,
    choices: CaseChoices,
    open_form: OpenForm | None,
) -> tuple[list[OpenForm], list[OpenForm]]:
    """The forms for this step first, the others folded away."""
    state = CaseState(case.state)
    now: list[OpenForm] = []
    more: list[OpenForm] = []
    for kind in RECORD_KINDS:
        if kind.slug == "evaluatie" or not kind.allowed_for(actor_kinds):
            continue
        if open_form is not None and not open_form.is_edit and open_form.kind == kind:
            entry = open_form  # what the teacher just filled in, with its errors
        elif _offered(kind, case, facts):
            entry = blank_form(kind, case, choices)
        else:
            continue
        (now if state in kind.for_states else more).append(entry)
    return now, more


def _offered(kind: RecordKind, case: Case, facts: CaseFacts) -> bool:
    state = CaseState(case.state)
    if kind.who == MANAGEMENT:
        return state in ESCALATED
    if kind.slug == "effecten":
        return state == S.STEP_5
    if kind.slug == "klassengesprek":
        return facts.several_pupils_of_group_involved or bool(case.class_conversation_waived_reason)
    return True
