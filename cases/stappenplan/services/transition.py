"""The stappenplan's step changes: `case_transition`, the only writer of `Case.state`, and
the deadlines a step change sets on the case and its records.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Agreement,
    Case,
    CaseDeadline,
    CaseTransition,
    DeadlineResolution,
    ParentContact,
)
from cases.school.calendar import school_calendar
from cases.stappenplan.facts import case_facts, current_stage_id
from cases.stappenplan.services.base import (
    ConcurrentEdit,
    TransitionRefused,
    actor_kinds_for,
    lock_case,
    sync_case,
)
from cases.stappenplan.services.deadlines import refresh_next_deadline, resolve_deadlines
from cases.visibility.history import create_with_history, update_with_history
from protocol.stappenplan import (
    CaseFacts,
    CaseState,
    DeadlineRule,
    Transition,
    check,
    deadlines_for,
)


def _set_record_dates(
    case: Case, due: dict[DeadlineRule, date], stage_id: int | None, user: User
) -> None:
    """Put a transition's deadlines on the records they concern."""
    changed = {"version": F("version") + 1, "updated_by": user, "updated_at": timezone.now()}
    if DeadlineRule.FIRST_EVALUATION in due:
        update_with_history(
            Agreement.objects.filter(case=case, is_active=True, outcome=""),
            user=user,
            evaluate_on=due[DeadlineRule.FIRST_EVALUATION],
            **changed,
        )
    if DeadlineRule.PARENT_FOLLOWUP in due:
        # The parents informed in step 3 were promised a call after the first evaluation.
        update_with_history(
            ParentContact.objects.filter(
                case=case, stage_id=stage_id, follow_up_done_on__isnull=True
            ),
            user=user,
            follow_up_due=due[DeadlineRule.PARENT_FOLLOWUP],
            **changed,
        )


# The stappenplan's step changes.


def fire_transition(
    case: Case, transition: Transition, facts: CaseFacts, user: User, reason: str
) -> CaseTransition:
    """Record `transition` on the locked `case` and set its deadlines; the guard has passed."""
    now = timezone.now()
    reason = reason.strip()
    source_stage = current_stage_id(case)
    record = CaseTransition.objects.create(
        case=case,
        name=transition.name,
        from_state=case.state,
        to_state=transition.target,
        skipped=transition.skips is not None,
        reason=reason,
        actor=user,
        at=now,
    )
    if case.state == CaseState.PHASING_OUT:
        # Closing the case or sending it back to step 5 is the review of the phasing out.
        resolve_deadlines(case, [DeadlineRule.PHASING_OUT_REVIEW], DeadlineResolution.MET)
    if transition.target == CaseState.CLOSED:
        resolve_deadlines(case, DeadlineRule, DeadlineResolution.CANCELLED)
    else:
        if transition.deadlines:
            resolve_deadlines(case, transition.deadlines, DeadlineResolution.REPLACED)
            due = deadlines_for(
                transition, facts, calendar=school_calendar(), today=timezone.localdate()
            )
            create_with_history(
                [
                    CaseDeadline(case=case, kind=kind, due_on=day, set_by=record)
                    for kind, day in due.items()
                ],
                user=user,
            )
            _set_record_dates(case, due, source_stage, user)

    if case.state == CaseState.CLOSED:
        case.closed_reason = ""
    case.state = transition.target
    if transition.target == CaseState.CLOSED:
        case.closed_reason = reason
    if transition.target == CaseState.STEP_5:
        # Every round of step 5 judges the effects anew.
        case.step5_outcome_positive = None
    case.version += 1
    case.updated_by = user
    case._history_user = user
    case.save(
        update_fields=[
            "state",
            "closed_reason",
            "step5_outcome_positive",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    refresh_next_deadline(case)
    return record


@transaction.atomic
def case_transition(
    *,
    case: Case,
    name: str,
    user: User,
    reason: str = "",
    expected_version: int | None = None,
) -> CaseTransition:
    """Fire the stappenplan's transition `name` on `case` for `user`.

    Refused with `TransitionRefused` (nothing changes) when the transition does not start at
    the case's step, is not for the user's role on the case, or the case still misses work or
    a reason. With `expected_version`, refused with `ConcurrentEdit` when the case changed
    since the user looked at it. The caller's `case` is brought up to date.
    """
    locked = lock_case(case)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEdit(locked, locked.updated_by, locked.updated_at)
    facts = case_facts(locked)
    decision = check(
        name,
        CaseState(locked.state),
        facts,
        actor_kinds_for(user=user, case=locked),
        reason=reason,
    )
    if not decision:
        raise TransitionRefused(decision)
    record = fire_transition(locked, decision.transition, facts, user, reason)
    sync_case(case, locked)
    return record
