"""Forms of the case workspace: one per kind of record, the verification of a report and the
step buttons.

Field names are the keyword arguments of the services in `cases.stappenplan.services`, so a
`ValidationError` raised there by field lands next to the right field. The forms only parse
and check what a teacher typed; the protocol's rules live in the services and are checked
there again when they save.

One module per kind of record; this package re-exports their public names:

- `base`: date and text fields, `CaseChoices`, `ObjectChoiceField`, `RecordForm`,
  `staff_choices`, `add_service_errors`;
- `conversations`: conversation, agreement, evaluation of an agreement;
- `parents`: contact with parents, notice to the team;
- `action_plans`: the action plan and its rows of actions;
- `assessment`: the case's judgements (analysis and severity, class conversation, effects);
- `escalation`: steps 6–8 (meeting with all parents, consent, placement, suspension);
- `steps`: the step buttons and the verification of a reported incident.
"""

from cases.stappenplan.forms.action_plans import (
    EXTERNAL_HELP_CHOICES,
    ActionPlanForm,
    ActionPlanItemForm,
    BaseActionPlanItemFormSet,
    action_plan_formset,
)
from cases.stappenplan.forms.assessment import (
    YES_NO_OPEN,
    AnalysisForm,
    AssessmentForm,
    ClassConversationWaiverForm,
    EffectsForm,
)
from cases.stappenplan.forms.base import (
    DATE_ERRORS,
    DATE_INPUT_FORMAT,
    DATE_INPUT_FORMATS,
    CaseChoices,
    DateInput,
    InvolvedPupil,
    ObjectChoiceField,
    ObjectMultipleChoiceField,
    RecordForm,
    add_service_errors,
    date_field,
    staff_choices,
    text_field,
    users_with_role,
)
from cases.stappenplan.forms.conversations import (
    AgreementEvaluationForm,
    AgreementForm,
    ConversationForm,
)
from cases.stappenplan.forms.escalation import (
    DEFAULT_OBJECTION,
    ConsentForm,
    ParentMeetingForm,
    PlacementForm,
    SuspensionForm,
)
from cases.stappenplan.forms.parents import ParentContactForm, TeamNoticeForm
from cases.stappenplan.forms.steps import NEW_CASE, VERIFY_CHOICES, TransitionForm, VerifyForm

__all__ = [
    "DATE_ERRORS",
    "DATE_INPUT_FORMAT",
    "DATE_INPUT_FORMATS",
    "DEFAULT_OBJECTION",
    "EXTERNAL_HELP_CHOICES",
    "NEW_CASE",
    "VERIFY_CHOICES",
    "YES_NO_OPEN",
    "ActionPlanForm",
    "ActionPlanItemForm",
    "AgreementEvaluationForm",
    "AgreementForm",
    "AnalysisForm",
    "AssessmentForm",
    "BaseActionPlanItemFormSet",
    "CaseChoices",
    "ClassConversationWaiverForm",
    "ConsentForm",
    "ConversationForm",
    "DateInput",
    "EffectsForm",
    "InvolvedPupil",
    "ObjectChoiceField",
    "ObjectMultipleChoiceField",
    "ParentContactForm",
    "ParentMeetingForm",
    "PlacementForm",
    "RecordForm",
    "SuspensionForm",
    "TeamNoticeForm",
    "TransitionForm",
    "VerifyForm",
    "action_plan_formset",
    "add_service_errors",
    "date_field",
    "staff_choices",
    "text_field",
    "users_with_role",
]
