"""Emailing reminders, and directie's hand on the ones that could not (surely) be emailed.

`reminder_send` emails one reminder at most once: it claims the row with a conditional update
(pending → sending, with a claim token), commits, records that the message is about to go to
the mail server, and marks it sent afterwards. It is called by the worker
(`cases.reminders.tasks.send_reminder`); the sweep that creates the rows and hands them over is
in `cases.reminders.services`.
"""

import logging
import uuid
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from cases.reminders.digest import digest_build
from cases.reminders.messages import absolute_url, reminder_advice, reminder_path, reminder_title
from cases.reminders.models import NotificationPreference, Reminder, ReminderKind, ReminderStatus
from cases.reminders.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    delivery_problems_notify,
    reminders_hand_over,
)

logger = logging.getLogger(__name__)


def _email_wanted(reminder: Reminder) -> bool:
    if not reminder.recipient.email or not reminder.recipient.is_active:
        return False
    return not NotificationPreference.objects.filter(
        user_id=reminder.recipient_id, kind=reminder.kind, email=False
    ).exists()


def _message_id(reminder: Reminder) -> str:
    # Stable per reminder: a mailbox that sees the same Message-ID twice may fold the copies.
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder-{reminder.pk}@{domain}>"


def reminder_email(*, reminder: Reminder, now: datetime) -> EmailMessage:
    """The email for one reminder, in Dutch; no pupil names, no incident details."""
    with translation.override(settings.LANGUAGE_CODE):
        title = reminder_title(
            kind=reminder.kind,
            case_id=reminder.case_id,
            incident_id=reminder.incident_id,
            due_on=reminder.due_on,
        )
        context = {
            "recipient": reminder.recipient,
            "title": title,
            "advice": reminder_advice(reminder.kind),
            "link": absolute_url(
                reminder_path(
                    kind=reminder.kind,
                    case_id=reminder.case_id,
                    incident_id=reminder.incident_id,
                    due_on=reminder.due_on,
                )
            ),
            "preferences_link": absolute_url(reverse("cases:notification_preferences")),
        }
        if reminder.kind == ReminderKind.WEEKLY_DIGEST:
            context["digest"] = digest_build(now=now)
            body = render_to_string("cases/email/weekly_digest.txt", context)
        else:
            body = render_to_string("cases/email/reminder.txt", context)
    return EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.recipient.email],
        headers={"Message-ID": _message_id(reminder), "Auto-Submitted": "auto-generated"},
    )


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> str:
    """Email one reminder at most once; returns what happened.

    Deliberately not one transaction: the claim must be committed before the mail server is
    contacted, so that a second worker, a retried task or a second beat sees it.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = (
        Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            status=ReminderStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            handed_over_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return "not claimed"
    mine = Reminder.objects.filter(pk=reminder_id, claim_token=token)
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    if not _email_wanted(reminder):
        mine.filter(status=ReminderStatus.SENDING).update(
            status=ReminderStatus.NOT_EMAILED, claim_token=None
        )
        return "not emailed"
    connection = None
    try:
        message = reminder_email(reminder=reminder, now=now)
        # Past this point the message may reach the recipient: record that first.
        if not mine.filter(status=ReminderStatus.SENDING).update(handed_over_at=timezone.now()):
            return "claim lost"
        connection = get_connection(fail_silently=False)
        connection.open()
        connection.send_messages([message])
    except Exception as exc:
        _close_quietly(connection)
        _send_failed(reminder=reminder, mine=mine, error=exc, now=now)
        return "failed"
    mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    # The message was accepted; a failing goodbye must not make it look unsent.
    _close_quietly(connection)
    return "sent"


def _close_quietly(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:
        logger.info("Closing the mail connection failed.", exc_info=True)


def _send_failed(*, reminder: Reminder, mine, error: Exception, now: datetime) -> None:
    attempts = reminder.attempts
    text = f"{type(error).__name__}: {error}"[:1000]
    logger.warning("Email for reminder %s failed (attempt %s): %s", reminder.pk, attempts, text)
    if attempts >= MAX_ATTEMPTS:
        if mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
            status=ReminderStatus.FAILED, claim_token=None, next_attempt_at=None, last_error=text
        ):
            delivery_problems_notify(reminder_ids=[reminder.pk], now=now)
        return
    mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
        status=ReminderStatus.PENDING,
        claim_token=None,
        claimed_at=None,
        next_attempt_at=now + RETRY_DELAYS[attempts - 1],
        last_error=text,
    )


@transaction.atomic
def reminder_resend(*, reminder: Reminder, actor: User) -> None:
    """Directie sends a failed or perhaps-sent reminder again, knowingly."""
    updated = Reminder.objects.filter(
        pk=reminder.pk, status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN]
    ).update(
        status=ReminderStatus.PENDING,
        attempts=0,
        next_attempt_at=None,
        claim_token=None,
        claimed_at=None,
        handed_over_at=None,
        handled_at=timezone.now(),
        handled_by=actor,
    )
    if updated:
        transaction.on_commit(partial(reminders_hand_over, [reminder.pk]))


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, actor: User) -> None:
    """Directie has dealt with a failed or perhaps-sent reminder another way."""
    Reminder.objects.filter(
        pk=reminder.pk, status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN]
    ).update(
        status=ReminderStatus.DISMISSED,
        claim_token=None,
        handled_at=timezone.now(),
        handled_by=actor,
    )
