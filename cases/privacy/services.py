"""Confirming a retention policy, and running the policies (the monthly beat task).

A policy the directie has not confirmed only ever dry-runs: the run log then shows what it
would have done. Once confirmed, the monthly run applies it. Every run is logged with its
counts.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import RetentionConfirmation, RetentionRun
from cases.privacy.policies import policies, policy_get


@transaction.atomic
def retention_confirm(*, policy: str, by: User) -> RetentionConfirmation:
    if not by.is_active or not by.has_role(Role.DIRECTIE):
        raise PermissionDenied
    if policy_get(policy) is None:
        raise ValidationError(_("Unknown retention policy."), code="unknown")
    confirmation, _created = RetentionConfirmation.objects.get_or_create(
        policy=policy, defaults={"confirmed_by": by, "confirmed_at": timezone.now()}
    )
    return confirmation


def retention_preview(*, today: datetime.date | None = None) -> list[tuple]:
    """(policy, counts) of what each policy would change today; changes nothing."""
    today = today or timezone.localdate()
    return [(policy, policy.run(today=today, apply=False)) for policy in policies()]


def retention_run(*, today: datetime.date | None = None) -> list[RetentionRun]:
    """Run every policy: apply the confirmed ones, dry-run the others; log each run."""
    today = today or timezone.localdate()
    confirmed = set(RetentionConfirmation.objects.values_list("policy", flat=True))
    runs = []
    for policy in policies():
        apply = policy.key in confirmed
        with transaction.atomic():
            counts = policy.run(today=today, apply=apply)
            runs.append(
                RetentionRun.objects.create(
                    policy=policy.key, ran_at=timezone.now(), dry_run=not apply, counts=counts
                )
            )
    return runs
