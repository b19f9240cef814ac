"""Reads of notifications and email deliveries, for the user who asks."""

from django.db.models import QuerySet

from accounts.models import Role, User
from cases.reminders.models import (
    Notification,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderStatus,
)

_TEACHER_KINDS = [
    ReminderKind.REGISTRATION_OVERDUE,
    ReminderKind.EVALUATION_UPCOMING,
    ReminderKind.EVALUATION_TODAY,
    ReminderKind.EVALUATION_OVERDUE,
    ReminderKind.FOLLOW_UP_DUE,
    ReminderKind.ACTION_PLAN_ENDING,
    ReminderKind.PLACEMENT_ENDING,
    ReminderKind.SUSPENSION_ENDING,
]
_ESCALATION_KINDS = [
    ReminderKind.REGISTRATION_ESCALATED,
    ReminderKind.EVALUATION_ESCALATED,
    ReminderKind.FOLLOW_UP_ESCALATED,
]
# Who may receive which kind (IB stands in for a case without teachers, directie for an
# empty role), so that each person is offered only the choices that concern them.
_KINDS_BY_ROLE = {
    Role.TEACHER: _TEACHER_KINDS,
    Role.IB: [*_TEACHER_KINDS, *_ESCALATION_KINDS, ReminderKind.WEEKLY_DIGEST],
    Role.DIRECTIE: [
        *_TEACHER_KINDS,
        *_ESCALATION_KINDS,
        ReminderKind.WEEKLY_DIGEST,
        ReminderKind.REPEAT_INVOLVEMENT,
        ReminderKind.SAFETY_MONITOR,
        ReminderKind.PROTOCOL_EVALUATION,
    ],
    Role.COORDINATOR: [
        ReminderKind.REPEAT_INVOLVEMENT,
        ReminderKind.SAFETY_MONITOR,
        ReminderKind.PROTOCOL_EVALUATION,
    ],
}


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("reminder")


def unread_notification_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def notification_kinds_for(user: User) -> list[str]:
    """The kinds of reminder a user can choose email for, in the order of ReminderKind."""
    wanted = {kind for role in user.role_names() for kind in _KINDS_BY_ROLE.get(role, [])}
    wanted |= set(Reminder.objects.filter(recipient=user).values_list("kind", flat=True).distinct())
    wanted.discard(ReminderKind.DELIVERY_PROBLEM)
    wanted.discard(ReminderKind.SIGNALS_NOTICE)
    return [kind for kind in ReminderKind.values if kind in wanted]


def email_kinds_for(user: User, kinds: list[str]) -> list[str]:
    """Of `kinds`, those the user receives by email (all unless turned off)."""
    off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return [kind for kind in kinds if kind not in off]


def delivery_problems_visible_to(user: User) -> QuerySet[Reminder]:
    """Emails that failed for good or perhaps went out: for directie only."""
    if not user.is_authenticated or not user.is_active or not user.has_role(Role.DIRECTIE):
        return Reminder.objects.none()
    return (
        Reminder.objects.filter(status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN])
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
