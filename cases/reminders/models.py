"""Reminders of deadlines, the in-app notifications they make, and each user's email choices.

A `Reminder` is one message about one deadline for one person. Its `key` (what, which
deadline, for whom) is unique, so however often the sweep runs, a reminder exists once; its
`status` is changed only by conditional updates, so however often a send is attempted, it is
emailed at most once (see `cases/reminders/sending.py`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.incidents.models import Incident
from cases.stappenplan.models import Case


class ReminderKind(models.TextChoices):
    REGISTRATION_OVERDUE = "registration_overdue", _("Registration overdue")
    REGISTRATION_ESCALATED = "registration_escalated", _("Registration overdue: escalated")
    EVALUATION_UPCOMING = "evaluation_upcoming", _("Evaluation due on the next school day")
    EVALUATION_TODAY = "evaluation_today", _("Evaluation due today")
    EVALUATION_OVERDUE = "evaluation_overdue", _("Evaluation overdue")
    EVALUATION_ESCALATED = "evaluation_escalated", _("Evaluation overdue: escalated")
    FOLLOW_UP_DUE = "follow_up_due", _("Contact with parents due")
    FOLLOW_UP_ESCALATED = "follow_up_escalated", _("Contact with parents overdue: escalated")
    ACTION_PLAN_ENDING = "action_plan_ending", _("Action plan period ending")
    PLACEMENT_ENDING = "placement_ending", _("Temporary placement ending")
    SUSPENSION_ENDING = "suspension_ending", _("Suspension ending")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly review of registrations")
    REPEAT_INVOLVEMENT = "repeat_involvement", _("A pupil involved in repeated incidents")
    SAFETY_MONITOR = "safety_monitor", _("Yearly safety monitor")
    PROTOCOL_EVALUATION = "protocol_evaluation", _("Four-yearly evaluation of the protocol")
    # In-app only: tells directie that an email reminder could not be delivered.
    DELIVERY_PROBLEM = "delivery_problem", _("Email could not be delivered")
    # In-app only: tells the IB that signals recorded about a pupil call for attention.
    SIGNALS_NOTICE = "signals_notice", _("Signals about a pupil call for attention")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    NOT_EMAILED = "not_emailed", _("In the app only")
    FAILED = "failed", _("Failed")
    UNKNOWN = "unknown", _("Perhaps sent")
    DISMISSED = "dismissed", _("Handled by management")


class Reminder(models.Model):
    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=ReminderKind.choices)
    due_on = models.DateField(_("deadline"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("case"),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("incident"),
    )
    # The escalation of a serious case: sent on weekends and in holidays too.
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Written (and committed) just before the message goes to the mail server: a claim that
    # died without it was provably not sent, one that died with it perhaps was.
    handed_over_at = models.DateTimeField(_("handed to the mail server at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminder_status_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """What a user sees in the app's notification list; read or not."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ReminderKind.choices)
    reminder = models.ForeignKey(
        Reminder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("reminder"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incident"),
    )
    pupil = models.ForeignKey(
        "cases.Pupil",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pupil"),
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reminder", "kind"], name="one_notification_per_reminder"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # The notification list: one user's, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recipient})"


class NotificationPreference(models.Model):
    """Whether a user also wants an email for a kind of reminder (yes unless a row says no)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ReminderKind.choices)
    email = models.BooleanField(_("send an email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


__all__ = [
    "Notification",
    "NotificationPreference",
    "Reminder",
    "ReminderKind",
    "ReminderStatus",
]
