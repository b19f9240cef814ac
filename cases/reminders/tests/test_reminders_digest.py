"""The weekly digest for IB and directie: what it counts, and what its email leaves out."""

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Severity
from cases.reminders.digest import digest_build
from cases.reminders.models import Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import RULES_DIGEST
from cases.reminders.services import reminders_sweep
from cases.review.services import week_review_record
from cases.review.weeks import Week
from cases.tests.reminders_support import (
    AgreementFactory,
    CaseFactory,
    ParentContactFactory,
    at,
    d,
)
from tests.factories import IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

MONDAY = at(2026, 9, 21, 7, 30)


@pytest.fixture
def week(teacher, ib, pupil_5):
    """A week of registrations and cases, as the digest of Monday 21 September sees it."""
    unverified = IncidentFactory(
        registered_by=teacher,
        reported_at=at(2026, 9, 16, 9, 0),
        registered_at=at(2026, 9, 16, 12, 0),
        severity=Severity.SERIOUS,
    )
    InvolvementFactory(incident=unverified, pupil=pupil_5)
    verified = IncidentFactory(
        registered_by=teacher,
        reported_at=at(2026, 9, 15, 9, 0),
        registered_at=at(2026, 9, 15, 10, 0),
        verified_at=at(2026, 9, 15, 14, 0),
    )
    late = IncidentFactory(
        registered_by=teacher,
        reported_at=at(2026, 9, 10, 9, 0),
        registered_at=at(2026, 9, 17, 9, 0),
        verified_at=at(2026, 9, 17, 10, 0),
    )
    old_unverified = IncidentFactory(
        registered_by=teacher,
        reported_at=at(2026, 9, 9, 9, 0),
        registered_at=at(2026, 9, 9, 11, 0),
    )
    step_2 = CaseFactory(teachers=[teacher], state="step_2")
    AgreementFactory(case=step_2, pupil=pupil_5, evaluate_on=d(2026, 9, 17))
    AgreementFactory(case=step_2, pupil=pupil_5, evaluate_on=d(2026, 9, 28))
    step_4 = CaseFactory(teachers=[teacher], state="step_4")
    ParentContactFactory(case=step_4, pupil=pupil_5, follow_up_due=d(2026, 9, 18))
    another_step_4 = CaseFactory(teachers=[teacher], state="step_4")
    closed = CaseFactory(teachers=[teacher], state="closed")
    AgreementFactory(case=closed, pupil=pupil_5, evaluate_on=d(2026, 9, 14))
    Reminder.objects.create(
        key="escalated-this-week",
        kind=ReminderKind.EVALUATION_ESCALATED,
        due_on=d(2026, 9, 14),
        recipient=ib,
        case=step_2,
        created_at=at(2026, 9, 17, 8, 0),
        status=ReminderStatus.SENT,
    )
    Reminder.objects.create(
        key="escalated-long-ago",
        kind=ReminderKind.EVALUATION_ESCALATED,
        due_on=d(2026, 9, 1),
        recipient=ib,
        case=step_4,
        created_at=at(2026, 9, 4, 8, 0),
        status=ReminderStatus.SENT,
    )
    return {
        "unverified": unverified,
        "verified": verified,
        "late": late,
        "old_unverified": old_unverified,
        "step_2": step_2,
        "step_4": step_4,
        "another_step_4": another_step_4,
        "closed": closed,
    }


def numbers(lines) -> list[str]:
    return [line.label.split("#")[1] for line in lines]


def test_it_lists_the_past_weeks_registrations_still_to_review(week):
    digest = digest_build(now=MONDAY)
    assert numbers(digest.to_review) == [str(week["unverified"].pk)]


def test_it_lists_the_late_registrations_of_the_past_week(week):
    digest = digest_build(now=MONDAY)
    assert numbers(digest.late) == [str(week["late"].pk)]


def test_it_lists_overdue_deadlines_with_their_dates(week):
    digest = digest_build(now=MONDAY)
    overdue = [(line.label.split("#")[1], line.due_on) for line in digest.overdue]
    assert overdue == [
        (str(week["old_unverified"].pk), d(2026, 9, 10)),
        (str(week["unverified"].pk), d(2026, 9, 17)),
        (str(week["step_2"].pk), d(2026, 9, 17)),
        (str(week["step_4"].pk), d(2026, 9, 18)),
    ]


def test_it_counts_the_open_cases_per_step(week):
    digest = digest_build(now=MONDAY)
    assert [count for _, count in digest.cases_per_step] == [1, 2]
    assert digest.cases_per_step[0][0] != digest.cases_per_step[1][0]


def test_it_lists_the_cases_escalated_this_week(week):
    digest = digest_build(now=MONDAY)
    assert numbers(digest.escalated) == [str(week["step_2"].pk)]


def test_it_reads_in_a_constant_number_of_queries(week, teacher):
    with CaptureQueriesContext(connection) as few:
        digest_build(now=MONDAY)
    for _ in range(5):
        case = CaseFactory(teachers=[teacher], state="step_5")
        AgreementFactory(case=case, evaluate_on=d(2026, 9, 15))
        IncidentFactory(registered_by=teacher, reported_at=at(2026, 9, 18, 9, 0))
    with CaptureQueriesContext(connection) as many:
        digest_build(now=MONDAY)
    assert len(many) == len(few)


def test_the_digest_email_links_numbers_but_names_no_pupil_or_incident(
    week, ib, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://veilig.mozaiek.example"
    with (
        time_machine.travel(MONDAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_sweep(now=timezone.now(), rules=[RULES_DIGEST])
    digest = Reminder.objects.get(kind=ReminderKind.WEEKLY_DIGEST, recipient=ib)
    digest.refresh_from_db()
    assert digest.due_on == d(2026, 9, 21)
    assert digest.sent_at is not None
    [message] = [m for m in mailoutbox if m.to == [ib.email]]
    body = message.body
    assert f"https://veilig.mozaiek.example/meldingen/{week['unverified'].pk}/" in body
    assert f"https://veilig.mozaiek.example/dossiers/{week['step_2'].pk}/" in body
    assert "17-09-2026" in body
    for private in ("Sem", "Bakker", "buitenspelen", "uitgescholden", "met rust"):
        assert private not in body


def test_the_digest_says_whether_last_week_was_reviewed_and_links_to_it(week, ib, settings):
    settings.SITE_URL = "https://veilig.mozaiek.example"
    link = "https://veilig.mozaiek.example/weekoverzicht/?week=2026-W38"

    before = digest_build(now=MONDAY)
    week_review_record(week=Week.parse("2026-W38"), reviewed_by=ib, now=MONDAY)
    after = digest_build(now=MONDAY)

    assert before.reviews == []
    assert after.reviews == [(str(ib), MONDAY)]
    assert before.review_link == after.review_link == link
    text = render_to_string(
        "cases/email/weekly_digest.txt", {"digest": after, "recipient": ib, "link": link}
    )
    assert str(ib) in text
    assert link in text
