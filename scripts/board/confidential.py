"""Reports to the aanspreekpersoon, with the conversation that followed."""

import random
import secrets
from datetime import datetime, timedelta

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
from scripts.board.incidents import Incidents
from scripts.board.people import People
from scripts.board.sizes import bulk


def confidential_build(
    rng: random.Random, people: People, incidents: Incidents, count: int, now: datetime
) -> None:
    """`count` reports of the last school year, each with its messages, notes and events."""
    reports = _Reports(rng, people.confidant, incidents, now)
    for _ in range(count):
        reports.add()
    bulk(ConfidentialReport, reports.reports)
    bulk(ReportMessage, reports.messages)
    bulk(ConfidantNote, reports.notes)
    bulk(ReportEvent, reports.events)
    bulk(ReportForward, reports.forwards)


class _Reports:
    def __init__(self, rng: random.Random, confidant, incidents: Incidents, now: datetime):
        self.rng, self.confidant, self.incidents, self.now = rng, confidant, incidents, now
        self.reports, self.messages, self.notes, self.events, self.forwards = [], [], [], [], []

    def add(self) -> None:
        rng, confidant = self.rng, self.confidant
        created = self.now - timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 12))
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
        self.reports.append(report)
        moment = report.last_activity_at = self._conversation(report, created)
        self.notes += [
            ConfidantNote(
                report=report, author=confidant, body="Navragen bij de IB.", created_at=moment
            )
            for _ in range(rng.randint(0, 2))
        ]
        if status != ReportStatus.NEW:
            self.events.append(
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
            self.forwards.append(
                ReportForward(
                    report=report,
                    recipient=ForwardRecipient.INCIDENT,
                    text="Een leerling wordt buitengesloten op het plein.",
                    forwarded_by=confidant,
                    forwarded_at=moment,
                    incident=rng.choice(self.incidents.planned).incident,
                )
            )

    def _conversation(self, report: ConfidentialReport, moment: datetime) -> datetime:
        """Messages back and forth; returns the moment of the last."""
        for number in range(self.rng.randint(0, 5)):
            moment = min(moment + timedelta(days=self.rng.randint(0, 4), hours=2), self.now)
            from_reporter = number % 2 == 1
            self.messages.append(
                ReportMessage(
                    report=report,
                    author_kind=MessageAuthor.REPORTER
                    if from_reporter
                    else MessageAuthor.CONFIDANT,
                    author=None if from_reporter else self.confidant,
                    body="Dank voor je bericht. Wil je vertellen wanneer het gebeurt?",
                    created_at=moment,
                )
            )
        return moment
