"""Writes of the weekly review: a week, or a single registration, marked reviewed."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from cases.incidents.models import Incident
from cases.review.models import IncidentReview, WeekReview
from cases.review.weeks import Week

# §11.1: "IB en directie beoordelen registraties wekelijks."
REVIEWER_ROLES = (Role.IB, Role.DIRECTIE)


def may_review(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(*REVIEWER_ROLES)


def _check_reviewer(user: User) -> None:
    if not may_review(user):
        raise PermissionDenied


@transaction.atomic
def week_review_record(
    *, week: Week, reviewed_by: User, note: str = "", now: datetime | None = None
) -> WeekReview:
    """Record that `reviewed_by` reviewed `week`; every review is kept, also a second one."""
    _check_reviewer(reviewed_by)
    return WeekReview.objects.create(
        week_start=week.monday,
        reviewed_by=reviewed_by,
        reviewed_at=now or timezone.now(),
        note=note.strip(),
    )


@transaction.atomic
def incident_review_record(
    *, incident: Incident, reviewed_by: User, now: datetime | None = None
) -> IncidentReview:
    """Mark one registration reviewed by `reviewed_by` (once; a second call changes nothing).

    The caller has checked that the reviewer may see the incident."""
    _check_reviewer(reviewed_by)
    review, _ = IncidentReview.objects.get_or_create(
        incident=incident,
        reviewed_by=reviewed_by,
        defaults={"reviewed_at": now or timezone.now()},
    )
    return review
