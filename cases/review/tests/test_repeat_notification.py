"""A pupil newly involved in repeated incidents: the coordinator and the directie are told in
the app, once, through the reminder sweep; the email names no pupil."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.models import Notification, Reminder, ReminderKind
from cases.reminders.messages import reminder_path
from cases.reminders.rules import RULES_DEADLINES
from cases.reminders.services import reminders_sweep
from protocol.calendar import AMSTERDAM
from tests.factories import IncidentFactory, InvolvementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.datetime(2027, 3, 17, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, school):
    SchoolYearFactory(school=school)

    def run(moment: datetime.datetime):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])

    return run


def _involve(pupil, *days: datetime.date) -> None:
    for day in days:
        incident = IncidentFactory(
            occurred_on=day,
            reported_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=AMSTERDAM),
            registered_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=AMSTERDAM),
            verified_at=datetime.datetime.combine(day, datetime.time(11), tzinfo=AMSTERDAM),
        )
        InvolvementFactory(incident=incident, pupil=pupil, role="victim")


def _told() -> set[str]:
    return set(
        Notification.objects.filter(kind=ReminderKind.REPEAT_INVOLVEMENT).values_list(
            "recipient__username", flat=True
        )
    )


def test_the_third_incident_tells_coordinator_and_directie_once(
    sweep, pupil_5, coordinator, directie, ib, teacher, mailoutbox
):
    _involve(pupil_5, datetime.date(2027, 3, 1), datetime.date(2027, 3, 8))
    sweep(WEDNESDAY)
    assert _told() == set()

    _involve(pupil_5, datetime.date(2027, 3, 16))
    sweep(WEDNESDAY)
    sweep(WEDNESDAY + datetime.timedelta(days=1))
    _involve(pupil_5, datetime.date(2027, 3, 17))
    sweep(WEDNESDAY + datetime.timedelta(days=1, hours=2))

    assert _told() == {coordinator.username, directie.username}
    assert Notification.objects.filter(kind=ReminderKind.REPEAT_INVOLVEMENT).count() == 2
    for message in mailoutbox:
        assert pupil_5.first_name not in message.body
        assert pupil_5.last_name not in message.body
        assert pupil_5.first_name not in message.subject


def test_the_notification_links_to_the_weekoverzicht():
    path = reminder_path(kind=ReminderKind.REPEAT_INVOLVEMENT, case_id=None, incident_id=None)

    assert path == "/weekoverzicht/#herhaald"


def test_the_digest_links_to_the_week_before_it():
    path = reminder_path(
        kind=ReminderKind.WEEKLY_DIGEST,
        case_id=None,
        incident_id=None,
        due_on=datetime.date(2027, 3, 22),
    )

    assert path == "/weekoverzicht/?week=2027-W11"


def test_a_reminder_key_holds_the_pupil_number_only(sweep, pupil_5, directie):
    _involve(pupil_5, *(datetime.date(2027, 3, day) for day in (1, 8, 15)))

    sweep(WEDNESDAY)

    keys = list(Reminder.objects.values_list("key", flat=True))
    assert keys == [f"repeat_involvement:pupil-{pupil_5.pk}:2027-03-17:{directie.pk}"]
