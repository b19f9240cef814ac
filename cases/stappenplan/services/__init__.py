"""Every write on a case: the stappenplan's step changes and what is recorded on a case while
it runs. One module per kind of record:

| module             | holds                                                                  |
|--------------------|------------------------------------------------------------------------|
| `base.py`          | `TransitionRefused`, `ConcurrentEdit`, `actor_kinds_for` (who may do   |
|                    | what), the case lock, validation helpers, `create_record`/`update_record` |
| `deadlines.py`     | resolving a case's open deadlines, the next deadline on the case       |
| `transition.py`    | `case_transition` (step changes) and the deadlines they set            |
| `conversations.py` | conversations with the pupils, the class, the parents, the team        |
| `agreements.py`    | agreements with the pupils and their evaluation                        |
| `parents.py`       | contacts with the parents (and step 3's promise), the team informed    |
| `action_plans.py`  | the action plan (handelingsplan) of step 5                             |
| `escalation.py`    | step 6's meeting with all parents, the consents for steps 7 and 8      |
| `measures.py`      | the measures: placement (step 7) and suspension (step 8), their rules  |
| `assessment.py`    | the case team's judgements: analysis, severity, step 5's outcome       |

The verification of a report, which opens a case, is `cases.incidents.verification`.

- Only `case_transition` (and `incident_verify`, which opens a case through the same code)
  writes `Case.state`, always together with a `CaseTransition` row.
- Every write on a case first locks the case row, then the record: writes on one case happen
  one after the other, and a guard never reads half-done work.
- An update names the version the user started from; when someone else saved in between, it
  is refused with `ConcurrentEdit` and nothing changes.
- Who may do what: `actor_kinds_for`. Steps 1–5 and the records of the case team are for the
  case's teachers and the IB; steps 6–8 and their measures for the directie and the IB.

This package re-exports the services, so `services.conversation_record` (as the workspace
looks them up by name) keeps working.
"""

from cases.stappenplan.services.action_plans import (
    ACTION_PLAN_DAYS,
    ACTION_PLAN_FIELDS,
    action_plan_record,
    action_plan_update,
)
from cases.stappenplan.services.agreements import (
    AGREEMENT_FIELDS,
    agreement_evaluate,
    agreement_record,
    agreement_update,
)
from cases.stappenplan.services.assessment import ASSESSMENT_FIELDS, case_update_assessment
from cases.stappenplan.services.base import (
    ANYONE_ON_THE_CASE,
    MANAGEMENT_ONLY,
    MEASURE_STATES,
    ConcurrentEdit,
    TransitionRefused,
    actor_kinds_for,
)
from cases.stappenplan.services.conversations import (
    CONVERSATION_FIELDS,
    conversation_record,
    conversation_update,
)
from cases.stappenplan.services.escalation import (
    CONSENT_FIELDS,
    PARENT_MEETING_FIELDS,
    consent_record,
    consent_update,
    parent_meeting_record,
    parent_meeting_update,
)
from cases.stappenplan.services.measures import (
    PLACEMENT_FIELDS,
    SUSPENSION_FIELDS,
    placement_record,
    placement_update,
    suspension_record,
    suspension_update,
)
from cases.stappenplan.services.parents import (
    PARENT_CONTACT_FIELDS,
    TEAM_NOTICE_FIELDS,
    parent_contact_record,
    parent_contact_update,
    team_notice_record,
    team_notice_update,
)
from cases.stappenplan.services.transition import case_transition

__all__ = [
    "ACTION_PLAN_DAYS",
    "ACTION_PLAN_FIELDS",
    "AGREEMENT_FIELDS",
    "ANYONE_ON_THE_CASE",
    "ASSESSMENT_FIELDS",
    "CONSENT_FIELDS",
    "CONVERSATION_FIELDS",
    "MANAGEMENT_ONLY",
    "MEASURE_STATES",
    "PARENT_CONTACT_FIELDS",
    "PARENT_MEETING_FIELDS",
    "PLACEMENT_FIELDS",
    "SUSPENSION_FIELDS",
    "TEAM_NOTICE_FIELDS",
    "ConcurrentEdit",
    "TransitionRefused",
    "action_plan_record",
    "action_plan_update",
    "actor_kinds_for",
    "agreement_evaluate",
    "agreement_record",
    "agreement_update",
    "case_transition",
    "case_update_assessment",
    "consent_record",
    "consent_update",
    "conversation_record",
    "conversation_update",
    "parent_contact_record",
    "parent_contact_update",
    "parent_meeting_record",
    "parent_meeting_update",
    "placement_record",
    "placement_update",
    "suspension_record",
    "suspension_update",
    "team_notice_record",
    "team_notice_update",
]
