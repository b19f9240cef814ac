"""A year of reminders and notifications, and the confidential reports."""

import random
import secrets
from datetime import date, datetime, timedelta

from django.utils import timezone

from cases.models import (
    DeadlineResolution,
)
from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import reminder_key
from confidential.models import (
    ConfidantNote,
    ConfidentialReport,
    ForwardRecipient,
    MessageAuthor,
    ReportEvent,
    ReportEventKind,
    ReportForward,
    ReportMessage,
    ReportStatus,
)
from confidential.models import ReporterKind as ConfidentialReporterKind
from protocol.stappenplan import DeadlineRule
from scripts.board.cases import Cases
from scripts.board.incidents import Incidents
from scripts.board.people import People
from scripts.board.sizes import REMINDER_HISTORY_DAYS, at, bulk


def reminders_build(
    rng: random.Random,
    people: People,
    cases: Cases,
    incidents: Incidents,
    today: date,
    now: datetime,
) -> None:
    """A year of reminders already sent, and the in-app notifications they made."""
    rows: dict[str, Reminder] = {}

    def remind(kind, due_on, recipient_id, *, case_id=None, incident_id=None, status=None):
        subject = (
            f"case-{case_id}" if case_id else f"incident-{incident_id}" if incident_id else "school"
        )
        key = reminder_key(kind=kind, subject=subject, due_on=due_on, recipient_id=recipient_id)
        created = at(due_on, 7, 0)
        rows.setdefault(
            key,
            Reminder(
                key=key,
                kind=kind,
                due_on=due_on,
                recipient_id=recipient_id,
                case_id=case_id,
                incident_id=incident_id,
                status=status or ReminderStatus.SENT,
                created_at=created,
                attempts=1,
                sent_at=created + timedelta(minutes=1),
            ),
        )

    kinds = {
        DeadlineRule.FIRST_EVALUATION: (
            ReminderKind.EVALUATION_UPCOMING,
            ReminderKind.EVALUATION_TODAY,
        ),
        DeadlineRule.PARENT_FOLLOWUP: (ReminderKind.FOLLOW_UP_DUE,),
        DeadlineRule.NEXT_CONVERSATION: (ReminderKind.ACTION_PLAN_ENDING,),
        DeadlineRule.PLACEMENT_REVIEW: (ReminderKind.PLACEMENT_ENDING,),
    }
    index_of = {id(case): i for i, case in enumerate(cases.cases)}
    for deadline in cases.deadlines:
        if not today - timedelta(days=REMINDER_HISTORY_DAYS) <= deadline.due_on < today:
            continue
        teachers = cases.teachers[index_of[id(deadline.case)]]
        for kind in kinds.get(deadline.kind, ()):
            for user_id in teachers:
                remind(kind, deadline.due_on, user_id, case_id=deadline.case.pk)
        if deadline.resolution != DeadlineResolution.MET and deadline.kind in (
            DeadlineRule.FIRST_EVALUATION,
            DeadlineRule.PARENT_FOLLOWUP,
        ):
            escalated = (
                ReminderKind.EVALUATION_ESCALATED
                if deadline.kind == DeadlineRule.FIRST_EVALUATION
                else ReminderKind.FOLLOW_UP_ESCALATED
            )
            for ib in people.ibs:
                remind(escalated, deadline.due_on, ib.pk, case_id=deadline.case.pk)
    for planned in incidents.planned:
        incident = planned.incident
        if incident.is_late and incident.occurred_on >= today - timedelta(
            days=REMINDER_HISTORY_DAYS
        ):
            due = timezone.localdate(incident.reported_at + timedelta(hours=24))
            remind(
                ReminderKind.REGISTRATION_OVERDUE,
                due,
                incident.registered_by_id,
                incident_id=incident.pk,
            )
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 53):
        day = monday - timedelta(weeks=week)
        for user in people.ibs + people.directie:
            remind(ReminderKind.WEEKLY_DIGEST, day, user.pk)
    # Some emails never arrived: directie sees them under delivery problems.
    failed = rng.sample(list(rows.values()), min(len(rows), max(3, len(rows) // 200)))
    for reminder in failed:
        reminder.status = ReminderStatus.FAILED
        reminder.sent_at = None
        reminder.attempts = 6
        reminder.last_error = "SMTPRecipientsRefused: mailbox unavailable"
    # The sweeps after the service-made step changes wrote some of these already.
    existing = set(Reminder.objects.filter(key__in=rows).values_list("key", flat=True))
    reminders = bulk(Reminder, [r for key, r in rows.items() if key not in existing])

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
            for user in people.directie:
                notifications.append(
                    Notification(
                        recipient_id=user.pk,
                        kind=ReminderKind.DELIVERY_PROBLEM,
                        reminder=reminder,
                        created_at=reminder.created_at + timedelta(hours=17),
                    )
                )
    bulk(Notification, notifications)


def confidential_build(
    rng: random.Random, people: People, incidents: Incidents, count: int, now: datetime
) -> None:
    """Reports to the aanspreekpersoon, with the conversation that followed."""
    reports, messages, notes, events, forwards = [], [], [], [], []
    confidant = people.confidant
    for _ in range(count):
        created = now - timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 12))
        anonymous = rng.random() < 0.6
        status = rng.choices(list(ReportStatus.values), weights=[2, 3, 6])[0]
        report = ConfidentialReport(
            reporter_kind=rng.choice(list(ConfidentialReporterKind.values)),
            is_anonymous=anonymous,
            reporter_name="" if anonymous else "Een ouder",
            reporter_contact="" if anonymous else "ouder@example.org",
            message="Mijn kind wordt al weken buitengesloten en durft niet meer naar school.",
            consent_to_forward=rng.random() < 0.3,
            status=status,
            unread_by_confidant=status == ReportStatus.NEW and rng.random() < 0.7,
            created_at=created,
            last_activity_at=created,
            code_lookup=secrets.token_hex(32),
            code_hash=secrets.token_hex(32),
        )
        reports.append(report)
        moment = created
        for number in range(rng.randint(0, 5)):
            moment = min(moment + timedelta(days=rng.randint(0, 4), hours=2), now)
            from_reporter = number % 2 == 1
            messages.append(
                ReportMessage(
                    report=report,
                    author_kind=MessageAuthor.REPORTER
                    if from_reporter
                    else MessageAuthor.CONFIDANT,
                    author=None if from_reporter else confidant,
                    body="Dank voor je bericht. Wil je vertellen wanneer het gebeurt?",
                    created_at=moment,
                )
            )
        report.last_activity_at = moment
        for _ in range(rng.randint(0, 2)):
            notes.append(
                ConfidantNote(
                    report=report, author=confidant, body="Navragen bij de IB.", created_at=moment
                )
            )
        if status != ReportStatus.NEW:
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEventKind.STATUS,
                    old_value=ReportStatus.NEW,
                    new_value=status,
                    by=confidant,
                    at=moment,
                )
            )
        if report.consent_to_forward and rng.random() < 0.5:
            incident = rng.choice(incidents.planned).incident
            forwards.append(
                ReportForward(
                    report=report,
                    recipient=ForwardRecipient.INCIDENT,
                    text="Een leerling wordt buitengesloten op het plein.",
                    forwarded_by=confidant,
                    forwarded_at=moment,
                    incident=incident,
                )
            )
    bulk(ConfidentialReport, reports)
    bulk(ReportMessage, messages)
    bulk(ConfidantNote, notes)
    bulk(ReportEvent, events)
    bulk(ReportForward, forwards)
