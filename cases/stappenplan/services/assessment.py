"""The case team's own judgements on the case: analysis, severity, the reason a class
conversation is waived, and whether the effects are positive in step 5.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from cases.stappenplan.services.base import (
    ANYONE_ON_THE_CASE,
    ConcurrentEdit,
    Errors,
    authorize,
    full_clean,
    lock_case,
    require_open,
    sync_case,
)
from protocol.stappenplan import CaseState

ASSESSMENT_FIELDS = (
    "title",
    "analysis",
    "judged_serious",
    "class_conversation_waived_reason",
    "step5_outcome_positive",
)


@transaction.atomic
def case_update_assessment(*, case: Case, user: User, expected_version: int, **fields: Any) -> Case:
    """The teacher's judgements on the case: the analysis and severity (step 1), the reason a
    class conversation is not needed (step 2), whether the effects are positive (step 5)."""
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"case fields that cannot be updated here: {sorted(unknown)}")
    locked = lock_case(case)
    authorize(locked, user, ANYONE_ON_THE_CASE)
    require_open(locked)
    if locked.version != expected_version:
        raise ConcurrentEdit(locked, locked.updated_by, locked.updated_at)
    errors = Errors()
    for name in ("title", "analysis", "class_conversation_waived_reason"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("judged_serious", "step5_outcome_positive"):
        if name in fields and fields[name] not in (None, True, False):
            errors.add(name, _("Choose yes or no."))
    outcome = fields.get("step5_outcome_positive")
    if (
        outcome is not None
        and outcome != locked.step5_outcome_positive
        and locked.state != CaseState.STEP_5
    ):
        errors.add(
            "step5_outcome_positive",
            _("The effects are judged in step 5, after the conversation after two weeks."),
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    full_clean(
        errors,
        locked,
        exclude=[f.name for f in Case._meta.fields if f.name not in fields],
    )
    locked.version += 1
    locked.updated_by = user
    locked._history_user = user
    locked.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
    sync_case(case, locked)
    return locked
