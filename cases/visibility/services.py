"""Recording who opened, printed, exported or downloaded an incident, case or pupil's record."""

from collections.abc import Iterable

from django.db import models

from accounts.models import User
from cases.models import AccessAction, AccessLog, AccessObject, Case, Incident, Pupil

_OBJECT_TYPES: dict[type[models.Model], AccessObject] = {
    Incident: AccessObject.INCIDENT,
    Case: AccessObject.CASE,
    Pupil: AccessObject.PUPIL,
}


def access_log_record(
    *, user: User, action: AccessAction, objects: Iterable[Incident | Case | Pupil]
) -> int:
    """Note that `user` did `action` on each of `objects`; returns how many were noted.

    One insert, however many objects (an export of a long list writes one row per incident).
    Not atomic on purpose: it joins the caller's transaction, or stands alone after a read.
    """
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    rows = [
        AccessLog(user=user, action=action, object_type=_OBJECT_TYPES[type(obj)], object_id=obj.pk)
        for obj in objects
    ]
    AccessLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def access_log_record_export(*, user: User, filters: str, row_count: int) -> AccessLog:
    """Note that `user` exported the incident list with `filters` (as in its address),
    `row_count` incidents: one row, however long the list."""
    return AccessLog.objects.create(
        user=user,
        action=AccessAction.EXPORT,
        object_type=AccessObject.INCIDENT_LIST,
        filters=filters[:500],
        row_count=row_count,
    )
