"""A year of reminders already sent, and the in-app notifications they made."""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from cases.models import DeadlineResolution
from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import reminder_key
from protocol.stappenplan import DeadlineRule
from scripts.board.cases import Cases
from scripts.board.incidents import Incidents
from scripts.board.people import People
from scripts.board.sizes import REMINDER_HISTORY_DAYS, at, bulk

# The reminders a deadline of each kind sends to the case's teachers.
KINDS = {
    DeadlineRule.FIRST_EVALUATION: (
        ReminderKind.EVALUATION_UPCOMING,
        ReminderKind.EVALUATION_TODAY,
    ),
    DeadlineRule.PARENT_FOLLOWUP: (ReminderKind.FOLLOW_UP_DUE,),
    DeadlineRule.NEXT_CONVERSATION: (ReminderKind.ACTION_PLAN_ENDING,),
    DeadlineRule.PLACEMENT_REVIEW: (ReminderKind.PLACEMENT_ENDING,),
}
ESCALATED = {
    DeadlineRule.FIRST_EVALUATION: ReminderKind.EVALUATION_ESCALATED,
    DeadlineRule.PARENT_FOLLOWUP: ReminderKind.FOLLOW_UP_ESCALATED,
}


class _Reminders:
    """Reminders by key, as the sweep writes them: one per kind, subject, day and recipient."""

    def __init__(self):
        self.rows: dict[str, Reminder] = {}

    def remind(self, kind, due_on, recipient_id, *, case_id=None, incident_id=None) -> None:
        subject = (
            f"case-{case_id}" if case_id else f"incident-{incident_id}" if incident_id else "school"
        )
        key = reminder_key(kind=kind, subject=subject, due_on=due_on, recipient_id=recipient_id)
        created = at(due_on, 7, 0)
        self.rows.setdefault(
            key,
            Reminder(
                key=key,
                kind=kind,
                due_on=due_on,
                recipient_id=recipient_id,
                case_id=case_id,
                incident_id=incident_id,
                status=ReminderStatus.SENT,
                created_at=created,
                attempts=1,
                sent_at=created + timedelta(minutes=1),
            ),
        )


def reminders_build(
    rng: random.Random,
    people: People,
    cases: Cases,
    incidents: Incidents,
    today: date,
    now: datetime,
) -> None:
    """The last REMINDER_HISTORY_DAYS of reminders already sent, and their notifications."""
    since = today - timedelta(days=REMINDER_HISTORY_DAYS)
    reminders = _Reminders()
    _deadline_reminders(reminders, people, cases, since, today)
    for planned in incidents.planned:
        incident = planned.incident
        if incident.is_late and incident.occurred_on >= since:
            due = timezone.localdate(incident.reported_at + timedelta(hours=24))
            reminders.remind(
                ReminderKind.REGISTRATION_OVERDUE,
                due,
                incident.registered_by_id,
                incident_id=incident.pk,
            )
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 53):
        day = monday - timedelta(weeks=week)
        for user in people.ibs + people.directie:
            reminders.remind(ReminderKind.WEEKLY_DIGEST, day, user.pk)
    _fail_some(rng, list(reminders.rows.values()))
    # The sweeps after the service-made step changes wrote some of these already.
    existing = set(Reminder.objects.filter(key__in=reminders.rows).values_list("key", flat=True))
    saved = bulk(Reminder, [r for key, r in reminders.rows.items() if key not in existing])
    bulk(Notification, _notifications(rng, people, saved, today))


def _deadline_reminders(reminders: _Reminders, people, cases: Cases, since, today) -> None:
    index_of = {id(case): i for i, case in enumerate(cases.cases)}
    for deadline in cases.deadlines:
        if not since <= deadline.due_on < today:
            continue
        teachers = cases.teachers[index_of[id(deadline.case)]]
        for kind in KINDS.get(deadline.kind, ()):
            for user_id in teachers:
                reminders.remind(kind, deadline.due_on, user_id, case_id=deadline.case.pk)
        if deadline.resolution != DeadlineResolution.MET and deadline.kind in ESCALATED:
            for ib in people.ibs:
                reminders.remind(
                    ESCALATED[deadline.kind], deadline.due_on, ib.pk, case_id=deadline.case.pk
                )


def _fail_some(rng: random.Random, rows: list[Reminder]) -> None:
    """Some emails never arrived: directie sees them under delivery problems."""
    for reminder in rng.sample(rows, min(len(rows), max(3, len(rows) // 200))):
        reminder.status = ReminderStatus.FAILED
        reminder.sent_at = None
        reminder.attempts = 6
        reminder.last_error = "SMTPRecipientsRefused: mailbox unavailable"


def _notifications(rng, people: People, reminders: list[Reminder], today) -> list[Notification]:
    notifications = []
    for reminder in reminders:
        read = reminder.due_on < today - timedelta(days=5) or rng.random() < 0.3
        notifications.append(
            Notification(
                recipient_id=reminder.recipient_id,
                kind=reminder.kind,
                reminder=reminder,
                case_id=reminder.case_id,
                incident_id=reminder.incident_id,
                due_on=reminder.due_on,
                created_at=reminder.created_at,
                read_at=reminder.created_at + timedelta(hours=3) if read else None,
            )
        )
        if reminder.status == ReminderStatus.FAILED:
            notifications += [
                Notification(
                    recipient_id=user.pk,
                    kind=ReminderKind.DELIVERY_PROBLEM,
                    reminder=reminder,
                    created_at=reminder.created_at + timedelta(hours=17),
                )
                for user in people.directie
            ]
    return notifications
