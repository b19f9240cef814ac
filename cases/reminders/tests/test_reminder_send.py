"""Sending one reminder: at most once, retried with back-off, failures shown to directie."""

import datetime
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu.exceptions import OperationalError

from cases.reminders.models import (
    Notification,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from cases.reminders.rules import RULES_DEADLINES
from cases.reminders.sending import reminder_dismiss, reminder_resend, reminder_send
from cases.reminders.services import (
    MAX_ATTEMPTS,
    MAX_SENT_IN_REQUEST,
    reminders_request_sweep,
    reminders_sweep,
)
from cases.tests.reminders_support import AgreementFactory, CaseFactory, at, d

pytestmark = pytest.mark.django_db

NOW = at(2026, 9, 16, 10, 0)  # Wednesday


@pytest.fixture
def case(teacher, pupil_5, pupil_5b):
    case = CaseFactory(teachers=[teacher], title="Sem en Lotte op het plein")
    AgreementFactory(
        case=case, pupil=pupil_5, evaluate_on=d(2026, 9, 16), text="Sem laat Lotte met rust."
    )
    return case


@pytest.fixture
def reminder(case, django_capture_on_commit_callbacks):
    """The teacher's 'evaluate today' reminder, created but not yet sent."""
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])
    return Reminder.objects.get()


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_it_emails_the_case_number_deadline_and_link_but_no_pupil(
    reminder, case, mailoutbox, settings
):
    settings.SITE_URL = "https://veilig.mozaiek.example"
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "sent"
    [message] = mailoutbox
    with translation.override("nl"):
        number = gettext("Case #%(case)s: evaluate the agreements today (%(date)s)") % {
            "case": case.pk,
            "date": "16-09-2026",
        }
    assert number in message.subject
    assert f"https://veilig.mozaiek.example/dossiers/{case.pk}/" in message.body
    assert "16-09-2026" in message.body
    assert message.to == ["juf.anna@example.test"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    text = message.subject + message.body
    for private in ("Sem", "Lotte", "Bakker", "Dam", "plein", "met rust"):
        assert private not in text
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.sent_at is not None
    assert reminder.attempts == 1


def test_a_second_send_of_a_sent_reminder_sends_nothing(reminder, mailoutbox):
    reminder_send(reminder_id=reminder.pk, now=NOW)
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "not claimed"
    assert len(mailoutbox) == 1


def test_a_send_while_another_worker_holds_the_claim_sends_nothing(reminder, mailoutbox):
    """The second attempt starts while the first is talking to the mail server."""
    outcomes = []

    class ConcurrentBackend(LocmemBackend):
        def send_messages(self, messages):
            outcomes.append(reminder_send(reminder_id=reminder.pk, now=NOW))
            return super().send_messages(messages)

    with mock.patch("cases.reminders.sending.get_connection", ConcurrentBackend):
        assert reminder_send(reminder_id=reminder.pk, now=NOW) == "sent"
    assert outcomes == ["not claimed"]
    assert len(mailoutbox) == 1


def test_a_reminder_whose_kind_the_user_turned_off_stays_in_the_app(reminder, teacher, mailoutbox):
    NotificationPreference.objects.create(user=teacher, kind=reminder.kind, email=False)
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "not emailed"
    assert mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.NOT_EMAILED
    assert Notification.objects.filter(reminder=reminder, recipient=teacher).exists()


def test_turning_off_another_kind_still_sends_this_one(reminder, teacher, mailoutbox):
    NotificationPreference.objects.create(
        user=teacher, kind=ReminderKind.EVALUATION_OVERDUE, email=False
    )
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "sent"


def test_a_user_without_an_email_address_gets_the_reminder_in_the_app_only(
    reminder, teacher, mailoutbox
):
    teacher.email = ""
    teacher.save()
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "not emailed"
    assert mailoutbox == []


def test_a_failed_send_is_tried_again_after_a_delay(reminder, settings, mailoutbox):
    settings.EMAIL_BACKEND = "cases.reminders.tests.test_reminder_send.FailingBackend"
    assert reminder_send(reminder_id=reminder.pk, now=NOW) == "failed"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING
    assert reminder.next_attempt_at == NOW + datetime.timedelta(minutes=5)
    assert "SMTPServerDisconnected" in reminder.last_error
    # Too early: the worker leaves it alone and the sweep does not hand it over.
    assert reminder_send(reminder_id=reminder.pk, now=NOW + datetime.timedelta(minutes=4)) == (
        "not claimed"
    )
    with time_machine.travel(NOW + datetime.timedelta(minutes=4), tick=False):
        assert reminders_sweep(now=timezone.now(), rules=[]).enqueued_ids == []
    with time_machine.travel(NOW + datetime.timedelta(minutes=15), tick=False):
        assert reminders_sweep(now=timezone.now(), rules=[]).enqueued_ids == [reminder.pk]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = NOW + datetime.timedelta(minutes=15)
    assert reminder_send(reminder_id=reminder.pk, now=later) == "sent"
    assert len(mailoutbox) == 1


def test_the_delays_grow_and_after_the_last_attempt_directie_is_told(reminder, settings, directie):
    settings.EMAIL_BACKEND = "cases.reminders.tests.test_reminder_send.FailingBackend"
    moment = NOW
    delays = []
    for _ in range(MAX_ATTEMPTS):
        assert reminder_send(reminder_id=reminder.pk, now=moment) == "failed"
        reminder.refresh_from_db()
        if reminder.next_attempt_at:
            delays.append(reminder.next_attempt_at - moment)
            moment = reminder.next_attempt_at
    assert delays == sorted(delays) and len(set(delays)) == len(delays)
    assert reminder.status == ReminderStatus.FAILED
    assert reminder.attempts == MAX_ATTEMPTS
    problem = Notification.objects.get(recipient=directie)
    assert problem.kind == ReminderKind.DELIVERY_PROBLEM
    assert problem.reminder == reminder


def _die_while_sending(reminder: Reminder, *, handed_over: bool) -> None:
    """What a worker killed half-way leaves behind."""
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENDING,
        claim_token="8a4b5c9e-0000-4000-8000-000000000001",
        claimed_at=NOW,
        attempts=1,
        handed_over_at=NOW if handed_over else None,
    )


def test_a_send_that_died_before_the_mail_server_is_sent_again(
    reminder, mailoutbox, settings, django_capture_on_commit_callbacks
):
    _die_while_sending(reminder, handed_over=False)
    later = NOW + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = reminders_sweep(now=timezone.now(), rules=[])
    assert result.expired == 1
    assert len(mailoutbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT


def test_a_send_that_died_after_reaching_the_mail_server_is_not_sent_again(
    reminder, mailoutbox, settings, directie, django_capture_on_commit_callbacks
):
    _die_while_sending(reminder, handed_over=True)
    later = NOW + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_sweep(now=timezone.now(), rules=[])
        reminders_sweep(now=timezone.now(), rules=[])
    assert reminder_send(reminder_id=reminder.pk, now=later) == "not claimed"
    assert mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.UNKNOWN
    assert (
        Notification.objects.filter(
            recipient=directie, kind=ReminderKind.DELIVERY_PROBLEM, reminder=reminder
        ).count()
        == 1
    )


def test_a_send_still_within_the_claim_timeout_is_left_alone(reminder, settings):
    _die_while_sending(reminder, handed_over=True)
    soon = NOW + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES - 1)
    with time_machine.travel(soon, tick=False):
        assert reminders_sweep(now=timezone.now(), rules=[]).expired == 0
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENDING


def test_a_slow_worker_that_finishes_after_the_timeout_still_records_the_send(
    reminder, settings, mailoutbox
):
    class SlowBackend(LocmemBackend):
        def send_messages(self, messages):
            late = NOW + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
            reminders_sweep(now=late, rules=[])  # the sweep gives up on this claim meanwhile
            return super().send_messages(messages)

    with mock.patch("cases.reminders.sending.get_connection", SlowBackend):
        assert reminder_send(reminder_id=reminder.pk, now=NOW) == "sent"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert len(mailoutbox) == 1


def test_a_worker_whose_claim_was_taken_back_before_the_mail_server_does_not_send(
    reminder, settings, mailoutbox
):
    def render_slowly(**kwargs):
        late = NOW + datetime.timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
        reminders_sweep(now=late, rules=[])  # back to pending: another worker will send it
        return mail.EmailMessage("s", "b", to=["x@example.test"])

    with mock.patch("cases.reminders.sending.reminder_email", side_effect=render_slowly):
        assert reminder_send(reminder_id=reminder.pk, now=NOW) == "claim lost"
    assert mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING


def test_directie_can_send_a_perhaps_sent_reminder_again(
    reminder, directie, mailoutbox, django_capture_on_commit_callbacks
):
    _die_while_sending(reminder, handed_over=True)
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.UNKNOWN)
    with django_capture_on_commit_callbacks(execute=True):
        reminder_resend(reminder=reminder, actor=directie)
    assert len(mailoutbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.handled_by == directie


def test_directie_can_mark_a_failed_reminder_as_handled(reminder, directie):
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.FAILED)
    reminder_dismiss(reminder=reminder, actor=directie)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DISMISSED
    assert reminder.handled_at is not None


def test_a_sent_reminder_cannot_be_sent_again_by_directie(reminder, directie, mailoutbox):
    reminder_send(reminder_id=reminder.pk, now=NOW)
    reminder_resend(reminder=reminder, actor=directie)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert len(mailoutbox) == 1


# --- The broker is down ------------------------------------------------------------------------


def test_with_the_broker_down_the_sweep_succeeds_and_the_next_one_hands_over(
    case, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch("cases.reminders.tasks.send_reminder.delay", side_effect=down) as delay,
        mock.patch("cases.reminders.services._broker_is_eager", return_value=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])
    assert delay.call_count == 1
    assert "the next sweep hands it over again" in caplog.text
    assert Reminder.objects.get().status == ReminderStatus.PENDING
    with (
        time_machine.travel(NOW + datetime.timedelta(minutes=15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])
    assert len(mailoutbox) == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_with_the_broker_down_it_stops_handing_over_after_the_first_failure(
    teacher, ib, django_capture_on_commit_callbacks
):
    for evaluate_on in (d(2026, 9, 10), d(2026, 9, 11), d(2026, 9, 14)):
        AgreementFactory(case=CaseFactory(teachers=[teacher]), evaluate_on=evaluate_on)
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch(
            "cases.reminders.tasks.send_reminder.delay", side_effect=OperationalError
        ) as delay,
        mock.patch("cases.reminders.services._broker_is_eager", return_value=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])
    assert result.enqueued > 1
    assert delay.call_count == 1


def test_asking_for_a_sweep_with_the_broker_down_does_not_break_the_save(
    django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch(
            "cases.reminders.tasks.sweep_reminders.delay", side_effect=OperationalError
        ) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_request_sweep()
    assert delay.called
    assert "Could not request a reminder sweep" in caplog.text


def test_asking_for_a_sweep_runs_it_after_commit(
    case, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        reminders_request_sweep()
        assert mailoutbox == []
    assert len(callbacks) >= 1
    assert len(mailoutbox) == 1


def test_on_a_weekend_only_the_escalation_of_a_serious_case_is_handed_over(reminder, ib):
    urgent = Reminder.objects.create(
        key="urgent-escalation",
        kind=ReminderKind.EVALUATION_ESCALATED,
        due_on=d(2026, 9, 16),
        recipient=ib,
        urgent=True,
    )
    with time_machine.travel(at(2026, 9, 19, 10, 0), tick=False):  # Saturday
        saturday = reminders_sweep(now=timezone.now(), rules=[])
    with time_machine.travel(at(2026, 9, 21, 10, 0), tick=False):  # Monday
        monday = reminders_sweep(now=timezone.now(), rules=[])
    assert saturday.enqueued_ids == [urgent.pk]
    assert sorted(monday.enqueued_ids) == sorted([reminder.pk, urgent.pk])


def test_without_a_broker_a_requested_sweep_emails_only_a_small_batch(
    reminder, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(MAX_SENT_IN_REQUEST + 3):
        Reminder.objects.create(
            key=f"backlog-{n}",
            kind=reminder.kind,
            due_on=reminder.due_on,
            recipient=teacher,
            case=reminder.case,
        )
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_request_sweep()

    assert len(mailoutbox) == MAX_SENT_IN_REQUEST
    assert Reminder.objects.filter(status=ReminderStatus.PENDING).count() >= 4
