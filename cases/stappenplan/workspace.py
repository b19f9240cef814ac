"""What the case workspace shows, computed once per request so that the templates only display.

The page answers a teacher's three questions in this order: where is this case (the eight
steps), what is still needed before the next step (and by when), and where do I write it down.
Everything here reads; writes go through `cases.stappenplan.services`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ActionPlan,
    Agreement,
    Case,
    Consent,
    Conversation,
    ConversationKind,
    Involvement,
    ParentContact,
    ParentMeeting,
    Placement,
    Suspension,
    TeamNotice,
)
from cases.stappenplan import services as services_case
from cases.stappenplan.facts import case_facts
from cases.stappenplan.forms import (
    ActionPlanForm,
    AgreementEvaluationForm,
    AgreementForm,
    AnalysisForm,
    BaseActionPlanItemFormSet,
    CaseChoices,
    ClassConversationWaiverForm,
    ConsentForm,
    ConversationForm,
    EffectsForm,
    InvolvedPupil,
    ParentContactForm,
    ParentMeetingForm,
    PlacementForm,
    RecordForm,
    SuspensionForm,
    TeamNoticeForm,
    TransitionForm,
    action_plan_formset,
    staff_choices,
)
from cases.stappenplan.selectors import TimelineEntry, case_progress, case_timeline
from protocol.models import SuggestedAction
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
    next_step_requirements,
    step_number,
)

ANYONE_ON_THE_CASE = frozenset({Actor.CASE_TEAM, Actor.MANAGEMENT})
MANAGEMENT = frozenset({Actor.MANAGEMENT})
# Records of steps 6–8 can only be made once the case has been escalated that far.
ESCALATED = frozenset({CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8})

S = CaseState


@dataclass(frozen=True)
class RecordKind:
    """One kind of thing a teacher writes down on a case, and how it is saved.

    Records (`model`) are made with `create` and changed with `update`; judgements stored on
    the case itself (`on_case`) are saved with `update` only. `for_states`: the steps in which
    the protocol asks for it; there it is offered first.
    """

    slug: str
    title: str
    form_class: type[RecordForm]
    who: frozenset[Actor]
    for_states: frozenset[CaseState]
    saved: str
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    model: type[models.Model] | None = None
    on_case: bool = False
    initial: Callable[[CaseState], dict[str, Any]] = lambda state: {}
    # The keyword under which the update service takes the record.
    record_arg: str = "record"

    @property
    def has_items(self) -> bool:
        return self.form_class is ActionPlanForm

    def allowed_for(self, actor_kinds: Iterable[Actor]) -> bool:
        return bool(self.who & set(actor_kinds))


def _conversation_initial(state: CaseState) -> dict[str, Any]:
    kind = {
        S.STEP_1: ConversationKind.SEPARATE,
        S.STEP_2: ConversationKind.JOINT,
        S.STEP_4: ConversationKind.JOINT,
        S.STEP_6: ConversationKind.PARENTS,
    }.get(state, ConversationKind.FOLLOW_UP)
    return {"kind": kind.value, "reported_to_ib": False}


def _about_plan_initial(state: CaseState) -> dict[str, Any]:
    return {"about_action_plan": state in (S.STEP_4, S.STEP_5)}


def _consent_initial(state: CaseState) -> dict[str, Any]:
    return {"step": S.STEP_8.value if state in (S.STEP_7, S.STEP_8) else S.STEP_7.value}


def _service(name: str) -> Callable[..., Any]:
    # Looked up at call time, so that tests and callers see the service module as it is.
    def call(**kwargs: Any) -> Any:
        return getattr(services_case, name)(**kwargs)

    call.__name__ = name
    return call


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "gesprek",
        _("Conversation"),
        ConversationForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_1, S.STEP_2, S.STEP_4, S.STEP_5, S.PHASING_OUT}),
        _("The conversation has been recorded."),
        create=_service("conversation_record"),
        update=_service("conversation_update"),
        model=Conversation,
        initial=_conversation_initial,
    ),
    RecordKind(
        "analyse",
        _("Analysis and severity"),
        AnalysisForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_1}),
        _("The analysis and the severity have been saved."),
        update=_service("case_update_assessment"),
        on_case=True,
    ),
    RecordKind(
        "team",
        _("Team informed"),
        TeamNoticeForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_1, S.STEP_4}),
        _("It has been recorded that the team was informed."),
        create=_service("team_notice_record"),
        update=_service("team_notice_update"),
        model=TeamNotice,
        initial=_about_plan_initial,
    ),
    RecordKind(
        "afspraak",
        _("Agreement"),
        AgreementForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_2}),
        _("The agreement has been recorded."),
        create=_service("agreement_record"),
        update=_service("agreement_update"),
        model=Agreement,
    ),
    RecordKind(
        "klassengesprek",
        _("No class conversation needed"),
        ClassConversationWaiverForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_2}),
        _("The reason why no class conversation is needed has been saved."),
        update=_service("case_update_assessment"),
        on_case=True,
    ),
    RecordKind(
        "oudercontact",
        _("Contact with parents"),
        ParentContactForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_3, S.STEP_4}),
        _("The contact with the parents has been recorded."),
        create=_service("parent_contact_record"),
        update=_service("parent_contact_update"),
        model=ParentContact,
        initial=_about_plan_initial,
    ),
    RecordKind(
        "evaluatie",
        _("Evaluation of an agreement"),
        AgreementEvaluationForm,
        ANYONE_ON_THE_CASE,
        frozenset(),
        _("The evaluation of the agreement has been saved."),
        update=_service("agreement_evaluate"),
        model=Agreement,
        record_arg="agreement",
    ),
    RecordKind(
        "handelingsplan",
        _("Action plan"),
        ActionPlanForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_4, S.STEP_5}),
        _("The action plan has been saved."),
        create=_service("action_plan_record"),
        update=_service("action_plan_update"),
        model=ActionPlan,
    ),
    RecordKind(
        "effecten",
        _("Effects after two weeks"),
        EffectsForm,
        ANYONE_ON_THE_CASE,
        frozenset({S.STEP_5}),
        _("The judgement of the effects has been saved."),
        update=_service("case_update_assessment"),
        on_case=True,
    ),
    RecordKind(
        "ouderavond",
        _("Meeting with all parents of the group"),
        ParentMeetingForm,
        MANAGEMENT,
        frozenset({S.STEP_6}),
        _("The meeting with the parents has been recorded."),
        create=_service("parent_meeting_record"),
        update=_service("parent_meeting_update"),
        model=ParentMeeting,
    ),
    RecordKind(
        "toestemming",
        _("Consent of a party"),
        ConsentForm,
        MANAGEMENT,
        frozenset({S.STEP_6, S.STEP_7, S.STEP_8}),
        _("The consent has been recorded."),
        create=_service("consent_record"),
        update=_service("consent_update"),
        model=Consent,
        initial=_consent_initial,
    ),
    RecordKind(
        "plaatsing",
        _("Temporary placement elsewhere"),
        PlacementForm,
        MANAGEMENT,
        frozenset({S.STEP_6}),
        _("The placement has been recorded."),
        create=_service("placement_record"),
        update=_service("placement_update"),
        model=Placement,
    ),
    RecordKind(
        "schorsing",
        _("Suspension"),
        SuspensionForm,
        MANAGEMENT,
        frozenset({S.STEP_6, S.STEP_7, S.STEP_8}),
        _("The suspension has been recorded."),
        create=_service("suspension_record"),
        update=_service("suspension_update"),
        model=Suspension,
    ),
)
RECORD_KINDS_BY_SLUG = {kind.slug: kind for kind in RECORD_KINDS}
# Timeline entries link to the form that changes them.
SLUG_OF_TIMELINE_KIND = {
    "conversation": "gesprek",
    "agreement": "afspraak",
    "agreement_evaluation": "evaluatie",
    "parent_contact": "oudercontact",
    "team_notice": "team",
    "action_plan": "handelingsplan",
    "parent_meeting": "ouderavond",
    "consent": "toestemming",
    "placement": "plaatsing",
    "suspension": "schorsing",
}


def record_kind(slug: str) -> RecordKind | None:
    return RECORD_KINDS_BY_SLUG.get(slug)


ROLE_ORDER = ("bully", "victim", "follower", "defender", "bystander")


def involved_from(involvements: Iterable[Involvement]) -> list[InvolvedPupil]:
    """Each pupil once, with all their roles; bullies first, then victims, then the rest."""
    by_pupil: dict[int, tuple[Any, list[str]]] = {}
    for involvement in involvements:
        pupil, roles = by_pupil.setdefault(involvement.pupil_id, (involvement.pupil, []))
        if involvement.role not in roles:
            roles.append(involvement.role)
    pupils = [
        InvolvedPupil(pupil, tuple(sorted(roles, key=ROLE_ORDER.index)))
        for pupil, roles in by_pupil.values()
    ]
    return sorted(
        pupils,
        key=lambda p: (ROLE_ORDER.index(p.roles[0]), p.pupil.last_name, p.pupil.first_name),
    )


def involved_pupils(case: Case) -> list[InvolvedPupil]:
    """The pupils of the case's incidents with their roles, in one query."""
    return involved_from(
        Involvement.objects.filter(incident__case=case).select_related("pupil__group")
    )


def case_choices(pupils: Sequence[InvolvedPupil]) -> CaseChoices:
    """What the workspace's selects offer, read once for all its forms (3 queries)."""
    return CaseChoices(
        pupils=pupils,
        suggested_actions=list(
            SuggestedAction.objects.filter(is_active=True).order_by("track", "order", "pk")
        ),
        **staff_choices(),
    )


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


@dataclass(frozen=True)
class StepButton:
    decision: Decision
    form: TransitionForm
    # The way forward a teacher normally takes; what it misses is listed above the buttons.
    is_main: bool = False

    @property
    def transition(self):
        return self.decision.transition

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def requires_reason(self) -> bool:
        return self.transition.requires_reason

    @property
    def is_closing(self) -> bool:
        return self.transition.target == S.CLOSED


@dataclass(frozen=True)
class Deadline:
    due: date
    kind: str
    overdue: bool
    days_left: int


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    evaluation: OpenForm | None
    edit_url: str


@dataclass(frozen=True)
class TimelineRow:
    entry: TimelineEntry
    edit_url: str

    @property
    def css(self) -> str:
        return self.entry.kind.replace("_", "-")


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
        form.fields["reason"].required = transition.requires_reason
        is_main = next_step is not None and next_step.transition.name == transition.name
        button = StepButton(decision, form, is_main)
        (closing if transition.name in CLOSING else buttons).append(button)
    # The way forward first, then what may be done now, then the rest.
    buttons.sort(key=lambda b: (not b.is_main, not b.allowed))
    return buttons, closing


def _record_forms(
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


def _agreement_rows(
    case: Case,
    agreements: list[Agreement],
    choices: CaseChoices | None,
    open_form: OpenForm | None,
) -> list[AgreementRow]:
    kind = RECORD_KINDS_BY_SLUG["evaluatie"]
    rows = []
    for agreement in agreements:
        evaluation = None
        edit_url = ""
        if choices is not None:
            edit_url = reverse("cases:record_edit", args=[case.pk, "afspraak", agreement.pk])
            if agreement.is_active:
                if (
                    open_form is not None
                    and open_form.kind == kind
                    and getattr(open_form.record, "pk", None) == agreement.pk
                ):
                    evaluation = open_form
                else:
                    evaluation = edit_form(kind, case, agreement, choices)
        rows.append(AgreementRow(agreement, evaluation, edit_url))
    return rows


def _timeline_rows(
    case: Case, entries: list[TimelineEntry], actor_kinds: set[Actor], may_record: bool
) -> list[TimelineRow]:
    rows = []
    for entry in reversed(entries):  # newest first
        edit_url = ""
        slug = SLUG_OF_TIMELINE_KIND.get(entry.kind)
        record = entry.record
        if entry.kind == "incident" and record is not None:
            try:
                edit_url = reverse("cases:incident_detail", args=[record.pk])
            except NoReverseMatch:
                edit_url = ""
        elif may_record and slug and record is not None:
            if slug == "evaluatie":
                edit_url = f"#evaluatie-{record.pk}"
            elif RECORD_KINDS_BY_SLUG[slug].allowed_for(actor_kinds) and (
                RECORD_KINDS_BY_SLUG[slug].who != MANAGEMENT or case.state in ESCALATED
            ):
                edit_url = (
                    reverse("cases:record_edit", args=[case.pk, slug, record.pk])
                    + f"#wijzig-{slug}"
                )
        rows.append(TimelineRow(entry, edit_url))
    return rows


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
        forms_now, forms_more = _record_forms(case, actor_kinds, facts, choices, open_form)
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
        timeline=_timeline_rows(case, case_timeline(case), actor_kinds, may_record),
        forms_now=forms_now,
        forms_more=forms_more,
        editing=editing,
        agreements=_agreement_rows(case, agreements, choices, open_form),
        action_plans=list(ActionPlan.objects.filter(case=case).order_by("-period_start", "-pk")),
        suspensions=list(
            Suspension.objects.filter(case=case).select_related("pupil").order_by("-start_date")
        ),
        may_record=may_record,
    )
