"""Reminders through a real Redis and a real Celery worker process."""

import datetime
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import RULES_DEADLINES
from cases.reminders.services import reminders_request_sweep, reminders_sweep
from cases.reminders.tasks import send_reminder
from cases.stappenplan.models import Agreement
from cases.tests.reminders_support import AgreementFactory, CaseFactory, at, d
from tests.integration.conftest import emails, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A Wednesday in term: the sweep is given the moment, the worker sends with its own clock.
DUE_DAY = at(2026, 9, 16, 8, 0)


def sweep(moment: datetime.datetime):
    return reminders_sweep(now=moment, rules=[RULES_DEADLINES])


def test_an_evaluation_that_comes_due_is_emailed_by_the_worker(
    start_worker, mail_dir, teacher, pupil_5
):
    start_worker()
    case = CaseFactory(teachers=[teacher])
    AgreementFactory(case=case, pupil=pupil_5, evaluate_on=d(2026, 9, 16))

    result = sweep(DUE_DAY)

    assert result.created == 1
    [message] = wait_for(lambda: emails(mail_dir), timeout=30, what="the email")
    assert "To: juf.anna@example.test" in message
    assert f"https://veilig.mozaiek.example/dossiers/{case.pk}/" in message
    assert "16-09-2026" in message
    assert "Sem" not in message and "Bakker" not in message
    reminder = Reminder.objects.get()
    wait_for(
        lambda: Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.SENT).exists(),
        timeout=10,
        what="the reminder to be marked sent",
    )


def test_a_save_while_redis_is_down_succeeds_and_is_reminded_when_redis_is_back(
    start_worker, redis_server, mail_dir, teacher, pupil_5
):
    worker = start_worker()
    case = CaseFactory(teachers=[teacher])
    redis_server.stop()

    # A teacher saves an agreement; the service asks for a sweep after commit, which cannot
    # reach the broker.
    started = time.monotonic()
    with transaction.atomic():
        agreement = AgreementFactory(case=case, pupil=pupil_5, evaluate_on=d(2026, 9, 16))
        reminders_request_sweep()
    # Beat's sweep on the database side still creates the reminder; its hand-over fails.
    result = sweep(DUE_DAY)
    elapsed = time.monotonic() - started

    assert elapsed < 10, f"the save waited {elapsed:.1f} s for the broker"
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert result.enqueued == 1
    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.PENDING
    assert Notification.objects.filter(reminder=reminder, recipient=teacher).exists()
    assert emails(mail_dir) == []

    redis_server.start()  # same port, empty: nothing of the failed hand-over survived
    wait_for(
        lambda: "Connected to redis" in worker.output().split("Connection to broker lost")[-1],
        timeout=60,
        what="the worker to reconnect",
    )
    sweep(DUE_DAY + datetime.timedelta(minutes=15))

    [message] = wait_for(lambda: emails(mail_dir), timeout=30, what="the email")
    assert f"/dossiers/{case.pk}/" in message
    wait_for(
        lambda: Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.SENT).exists(),
        timeout=10,
        what="the reminder to be marked sent",
    )


def test_a_worker_killed_while_sending_causes_no_second_email(
    start_worker, mail_dir, teacher, directie, pupil_5
):
    stalling = start_worker(EMAIL_BACKEND="tests.integration.backends.StallingFileBackend")
    case = CaseFactory(teachers=[teacher])
    AgreementFactory(case=case, pupil=pupil_5, evaluate_on=d(2026, 9, 16))
    sweep(DUE_DAY)
    wait_for(lambda: (mail_dir / "stalled.marker").exists(), timeout=30, what="the send")

    stalling.kill()

    reminder = Reminder.objects.get()
    assert reminder.status == ReminderStatus.SENDING
    assert reminder.handed_over_at is not None
    assert len(emails(mail_dir)) == 1

    # A new worker gets the same task again (as a redelivery would): it must not send.
    fresh = start_worker()
    send_reminder.delay(reminder.pk)
    wait_for(lambda: "'not claimed'" in fresh.output(), timeout=30, what="the redelivered task")

    # The sweep after the claim timeout: perhaps sent, so shown to directie, not resent.
    later = timezone.now() + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
    result = reminders_sweep(now=later, rules=[])
    assert result.expired == 1
    assert reminder.pk not in result.enqueued_ids
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.UNKNOWN
    assert Notification.objects.filter(
        recipient=directie, kind=ReminderKind.DELIVERY_PROBLEM, reminder=reminder
    ).exists()
    time.sleep(1)
    assert len(emails(mail_dir)) == 1
