"""Writes of the in-app notifications and of each user's email choices."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.reminders.models import Notification, NotificationPreference
from cases.reminders.selectors import notification_kinds_for


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> None:
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(*, user: User, email_kinds: set[str]) -> None:
    """Email for the kinds in `email_kinds`, in-app only for the user's other kinds."""
    kinds = notification_kinds_for(user)
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, kind=kind, email=kind in email_kinds) for kind in kinds],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["email"],
    )
