"""`manage.py send_reminders`: the same sweep, for cron or by hand, without Redis."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from cases.reminders.models import Reminder, ReminderStatus
from cases.tests.reminders_support import AgreementFactory, CaseFactory, at, d

pytestmark = pytest.mark.django_db


def test_it_creates_and_sends_what_is_due(teacher, mailoutbox, django_capture_on_commit_callbacks):
    AgreementFactory(case=CaseFactory(teachers=[teacher]), evaluate_on=d(2026, 9, 16))
    out = StringIO()
    with (
        time_machine.travel(at(2026, 9, 16, 8, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("1 new reminder(s), 1 email(s) to send")
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert len(mailoutbox) == 1


def test_running_it_again_sends_nothing_new(
    teacher, mailoutbox, django_capture_on_commit_callbacks
):
    AgreementFactory(case=CaseFactory(teachers=[teacher]), evaluate_on=d(2026, 9, 16))
    out = StringIO()
    with time_machine.travel(at(2026, 9, 16, 8, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=StringIO())
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("0 new reminder(s), 0 email(s) to send")
    assert len(mailoutbox) == 1
