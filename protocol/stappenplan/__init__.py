"""The stappenplan (protocol §11) as a state machine over plain facts.

This package knows no case and no database. The cases layer computes a `CaseFacts` from what
was recorded on a case, works out which `Actor` kinds the user has for that case, and asks
`check()` whether a transition may fire. One table, `TRANSITIONS`, says for every transition
where it may start, where it goes, who may fire it, what it needs (its guard), which deadlines
it sets and which step it records as skipped.

Choices where the protocol is silent:
- Steps 7 and 8 come only after step 6 ("in het uiterste geval ... nog twee stappen" follows
  step 6). Step 8 may follow step 6 directly (step 7 is then recorded as skipped): placing a
  pupil elsewhere is no precondition for suspending the bully. A further suspension while in
  step 8 is the loop `suspend_again`.
- Entering step 7 or 8 needs the measure itself recorded (placement or suspension, with its
  dates) and the consent of all five parties for that step: the state then means "this
  measure is in force". Leaving steps 6–8 goes back to the follow-up conversations of step 5.
- Closing a case before it has been phased out is for the directie or the IB, with a reason;
  reopening takes a reason and may be done by the case's teacher as well. A reopened case
  starts again at step 1: when bullying comes back the protocol starts with separate
  conversations and a fresh analysis. Its timeline keeps the earlier round.
- Bullying that returns while phasing out sends the case back to step 5.
- Every transition into `closed` takes a reason, also "not bullying" at verification.

How the cases layer computes facts: a fact about work recorded for a step refers to what was
recorded since the case last entered its current state (a loop such as `new_action_plan`
counts as entering), so a new round needs new work. Facts about the case as a whole (who
reported, the severity judgement, the agreements, earlier suspensions) refer to the whole case.
Every fact defaults to "not done", so a fact the cases layer forgets makes a guard refuse.

Where things live: `states` (states, actors, consent parties, kinds of deadline), `facts`
(`CaseFacts` and the facts of a measure), `guards` (what each transition needs, and the rules
for the measures of steps 7 and 8), `transitions` (the table), `decisions` (`check`, the
buttons, the next step, the deadlines a transition sets, the progress bar). Import from the
package: every public name is re-exported here.
"""

from protocol.stappenplan.decisions import (
    Decision,
    NextStep,
    StepProgress,
    check,
    deadlines_for,
    decisions_from,
    next_step_requirements,
    progress,
)
from protocol.stappenplan.facts import (
    CaseFacts,
    PlacementFacts,
    SuspensionFacts,
)
from protocol.stappenplan.guards import (
    Guard,
    needs_board_consultation,
    needs_inspectie_notice,
    step_3_required,
    validate_placement,
    validate_suspension,
)
from protocol.stappenplan.states import (
    BULLY,
    MAX_SUSPENSION_SCHOOL_DAYS,
    OPEN_STATES,
    STEPS,
    VICTIM,
    Actor,
    CaseState,
    ConsentParty,
    DeadlineRule,
    Refusal,
    StepStatus,
    step_number,
)
from protocol.stappenplan.transitions import (
    TRANSITIONS,
    Transition,
    get_transition,
    missing_for,
    transitions_from,
    who_label,
)

__all__ = [
    "BULLY",
    "VICTIM",
    "MAX_SUSPENSION_SCHOOL_DAYS",
    "CaseState",
    "STEPS",
    "OPEN_STATES",
    "step_number",
    "Actor",
    "ConsentParty",
    "DeadlineRule",
    "StepStatus",
    "Refusal",
    "PlacementFacts",
    "SuspensionFacts",
    "CaseFacts",
    "Guard",
    "validate_suspension",
    "needs_inspectie_notice",
    "needs_board_consultation",
    "validate_placement",
    "step_3_required",
    "Transition",
    "TRANSITIONS",
    "get_transition",
    "transitions_from",
    "missing_for",
    "who_label",
    "Decision",
    "check",
    "decisions_from",
    "NextStep",
    "next_step_requirements",
    "deadlines_for",
    "StepProgress",
    "progress",
]
