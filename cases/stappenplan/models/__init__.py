"""A bullying case (pestdossier) and everything recorded on it while the stappenplan runs.

The models live in one module per part of the stappenplan; this module only re-exports them:

- `case`: the case, its step changes and its deadlines;
- `records`: the fields every record shares, conversations, agreements, parent contacts and
  team notices;
- `plans`: the action plan and its actions;
- `escalation`: the meeting with the parents of the group, consents, placements, suspensions.
"""

from cases.stappenplan.models.case import Case, CaseDeadline, CaseTransition, DeadlineResolution
from cases.stappenplan.models.escalation import (
    CONSENT_STEPS,
    Consent,
    ConsentParty,
    ParentMeeting,
    Placement,
    PlacementKind,
    Suspension,
)
from cases.stappenplan.models.plans import ActionPlan, ActionPlanItem, ExternalHelp
from cases.stappenplan.models.records import (
    Agreement,
    AgreementOutcome,
    ContactChannel,
    Conversation,
    ConversationKind,
    ParentContact,
    TeamNotice,
)

__all__ = [
    "CONSENT_STEPS",
    "ActionPlan",
    "ActionPlanItem",
    "Agreement",
    "AgreementOutcome",
    "Case",
    "CaseDeadline",
    "CaseTransition",
    "Consent",
    "ConsentParty",
    "ContactChannel",
    "Conversation",
    "ConversationKind",
    "DeadlineResolution",
    "ExternalHelp",
    "ParentContact",
    "ParentMeeting",
    "Placement",
    "PlacementKind",
    "Suspension",
    "TeamNotice",
]
