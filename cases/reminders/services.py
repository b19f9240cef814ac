"""Reminders of the protocol's deadlines: rows created by a sweep, each emailed at most once.

The sweep (`reminders_sweep`) makes sure a `Reminder` row exists for every reminder that is
due (see `cases/reminders/rules.py`): one row per (what, which deadline, for whom), enforced by
a unique key, so running it twice, or twice at once, creates nothing new. Every new reminder
appears in the app at once. Its email is handed to a Celery worker after commit; when the
broker is down the hand-over is logged and the next sweep hands the row over again, so nothing
waits in Redis. The worker emails it with `cases.reminders.sending.reminder_send`.

A claim whose worker died is resolved by the sweep: never handed to the mail server →
provably unsent, so sent again; handed over → "perhaps sent", shown to directie and never sent
again automatically.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from cases.reminders.failures import WORKER_STOPPED_AFTER_HANDOVER, WORKER_STOPPED_BEFORE_HANDOVER
from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import ALL_RULES, Due, reminders_due

logger = logging.getLogger(__name__)

# Delays between failed email attempts; after the last one the reminder is marked failed.
RETRY_DELAYS = [
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
MAX_ENQUEUED_PER_SWEEP = 500
# Without a broker a requested sweep runs inside the request that saved the deadline: it
# creates every reminder that is due (they show in the app at once) but emails at most this
# many; the sweep from cron (`manage.py send_reminders`) sends the rest.
MAX_SENT_IN_REQUEST = 10


def reminders_create(*, dues: list[Due], now: datetime) -> int:
    """Create the reminders and notifications that do not exist yet; returns how many were
    missing (a sweep running at the same time may have written some of them first)."""
    by_key = {due.key: due for due in dues}
    if not by_key:
        return 0
    existing = set(Reminder.objects.filter(key__in=by_key).values_list("key", flat=True))
    new_keys = [key for key in by_key if key not in existing]
    if not new_keys:
        return 0
    # ignore_conflicts: a sweep running at the same time may have created some of these.
    Reminder.objects.bulk_create(
        [
            Reminder(
                key=key,
                kind=by_key[key].kind,
                due_on=by_key[key].due_on,
                recipient_id=by_key[key].recipient_id,
                case_id=by_key[key].case_id,
                incident_id=by_key[key].incident_id,
                urgent=by_key[key].urgent,
                created_at=now,
            )
            for key in new_keys
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    rows = (
        Reminder.objects.filter(key__in=new_keys)
        .order_by("pk")
        .values_list("pk", "recipient_id", "kind", "case_id", "incident_id", "due_on")
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                reminder_id=pk,
                case_id=case_id,
                incident_id=incident_id,
                due_on=due_on,
                created_at=now,
            )
            for pk, recipient_id, kind, case_id, incident_id, due_on in rows
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(new_keys)


def delivery_problems_notify(*, reminder_ids: list[int], now: datetime) -> None:
    """Tell directie in the app that these reminders could not (surely) be emailed."""
    if not reminder_ids:
        return
    directie = User.objects.filter(is_active=True, groups__name=Role.DIRECTIE).values_list(
        "pk", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=ReminderKind.DELIVERY_PROBLEM,
                reminder_id=reminder_id,
                created_at=now,
            )
            for user_id in directie
            for reminder_id in reminder_ids
        ],
        ignore_conflicts=True,
    )


def _expire_claims(*, now: datetime) -> int:
    """Resolve sends whose worker died (or hangs) past the claim timeout."""
    stale = Reminder.objects.filter(
        status=ReminderStatus.SENDING,
        claimed_at__lt=now - timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES),
    )
    # Never handed to the mail server: provably not sent, so it may go again.
    retried = stale.filter(handed_over_at__isnull=True, attempts__lt=MAX_ATTEMPTS).update(
        status=ReminderStatus.PENDING,
        claim_token=None,
        claimed_at=None,
        next_attempt_at=None,
        last_error=WORKER_STOPPED_BEFORE_HANDOVER,
    )
    given_up = list(stale.filter(handed_over_at__isnull=True).values_list("pk", flat=True))
    stale.filter(pk__in=given_up).update(
        status=ReminderStatus.FAILED,
        claim_token=None,
        last_error=WORKER_STOPPED_BEFORE_HANDOVER,
    )
    # Handed over, never confirmed: perhaps sent. Sending again could duplicate it, so
    # directie decides. The claim token stays, so a worker that was only slow can still
    # record that it sent the message.
    perhaps = list(stale.filter(handed_over_at__isnull=False).values_list("pk", flat=True))
    stale.filter(pk__in=perhaps).update(
        status=ReminderStatus.UNKNOWN,
        last_error=WORKER_STOPPED_AFTER_HANDOVER,
    )
    problems = list(
        Reminder.objects.filter(
            pk__in=given_up + perhaps,
            status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN],
        ).values_list("pk", flat=True)
    )
    delivery_problems_notify(reminder_ids=problems, now=now)
    return retried + len(problems)


def _broker_is_eager() -> bool:
    from mozaiek.celery import app

    return bool(app.conf.task_always_eager)


def _enqueue(task, ids: list[int]) -> int:
    """Hand ids to the worker; a broker that is down costs a log line, never a save."""
    handed = 0
    for pk in ids:
        try:
            task.delay(pk)
        except Exception:
            logger.warning(
                "Could not hand reminder %s to the worker; the next sweep hands it over again.",
                pk,
                exc_info=True,
            )
            if not _broker_is_eager():
                break  # the broker is down: the others would fail the same way, slowly
        else:
            handed += 1
    return handed


def _task(name: str) -> Task:
    """The Celery task `cases.tasks.<name>`, looked up by its name (see `cases.reminders.tasks`)."""
    return current_app.tasks[f"cases.tasks.{name}"]


def reminders_hand_over(ids: list[int]) -> None:
    """Give reminders to the worker to email (in-process without REDIS_URL)."""
    _enqueue(_task("send_reminder"), ids)


@dataclass
class SweepResult:
    created: int = 0
    enqueued: int = 0
    expired: int = 0
    enqueued_ids: list[int] = field(default_factory=list)


@transaction.atomic
def reminders_sweep(
    *, now: datetime, rules: Iterable[str] = ALL_RULES, limit: int = MAX_ENQUEUED_PER_SWEEP
) -> SweepResult:
    """Create every reminder that is due at `now` and hand at most `limit` unsent ones to
    the worker, oldest first.

    Running it again, or twice at the same time, creates and sends nothing twice.
    """
    result = SweepResult()
    result.expired = _expire_claims(now=now)
    dues, school_day = reminders_due(now=now, rules=rules)
    result.created = reminders_create(dues=dues, now=now)
    sendable = Reminder.objects.filter(status=ReminderStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if not school_day:
        sendable = sendable.filter(urgent=True)
    result.enqueued_ids = list(
        sendable.order_by("created_at", "pk").values_list("pk", flat=True)[:limit]
    )
    result.enqueued = len(result.enqueued_ids)
    transaction.on_commit(partial(reminders_hand_over, result.enqueued_ids))
    return result


def reminders_request_sweep() -> None:
    """Ask for a sweep soon after the current transaction commits (call it from a service
    that changed a deadline). If the broker is down the save still succeeds: the sweep on
    the beat schedule finds the deadline in the database. Without a broker the sweep runs
    in this request, so it emails at most MAX_SENT_IN_REQUEST reminders."""

    def request() -> None:
        try:
            if _broker_is_eager():
                _task("sweep_reminders").delay(limit=MAX_SENT_IN_REQUEST)
            else:
                _task("sweep_reminders").delay()
        except Exception:
            logger.warning("Could not request a reminder sweep; beat runs one soon.", exc_info=True)

    transaction.on_commit(request)
