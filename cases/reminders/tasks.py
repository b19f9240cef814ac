"""Celery tasks: each takes ids (or nothing) and calls a service.

Task names stay `cases.tasks.<name>` (the beat schedule and any message still queued during an
upgrade name them so); the services fire them by that name, so that this module imports the
services (`services`, `sending`) and never the other way round.

No task waits in Redis: there are no countdowns or ETAs, retries of failed emails are
scheduled in the database (`Reminder.next_attempt_at`) and picked up by the next sweep.
"""

from celery import shared_task
from django.utils import timezone

from cases.reminders.rules import RULES_DIGEST, RULES_YEARLY
from cases.reminders.sending import reminder_send
from cases.reminders.services import reminders_sweep


@shared_task(name="cases.tasks.sweep_reminders", ignore_result=True)
def sweep_reminders(limit: int | None = None) -> None:
    if limit is None:
        reminders_sweep(now=timezone.now())
    else:
        reminders_sweep(now=timezone.now(), limit=limit)


@shared_task(name="cases.tasks.send_weekly_digest", ignore_result=True)
def send_weekly_digest() -> None:
    # The sweep creates the digest too; this entry makes it punctual on Monday at 07:30.
    reminders_sweep(now=timezone.now(), rules=[RULES_DIGEST])


@shared_task(name="cases.tasks.send_yearly_reminders", ignore_result=True)
def send_yearly_reminders() -> None:
    reminders_sweep(now=timezone.now(), rules=[RULES_YEARLY])


@shared_task(name="cases.tasks.send_reminder", ignore_result=True)
def send_reminder(reminder_id: int) -> str:
    return reminder_send(reminder_id=reminder_id)
