"""The kinds of record a teacher writes down on a case: their form, who may make them, in
which steps the protocol asks for them, and the service that saves them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ActionPlan,
    Agreement,
    Consent,
    Conversation,
    ConversationKind,
    ParentContact,
    ParentMeeting,
    Placement,
    Suspension,
    TeamNotice,
)
from cases.stappenplan import services as services_case
from cases.stappenplan.forms import (
    ActionPlanForm,
    AgreementEvaluationForm,
    AgreementForm,
    AnalysisForm,
    ClassConversationWaiverForm,
    ConsentForm,
    ConversationForm,
    EffectsForm,
    ParentContactForm,
    ParentMeetingForm,
    PlacementForm,
    RecordForm,
    SuspensionForm,
    TeamNoticeForm,
)
from protocol.stappenplan import Actor, CaseState

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
