"""The confidential channel's retention policy: a closed report's content goes a year after
closing; an open one, or one closed more recently, stays."""

import datetime

import pytest

from cases.privacy.services import retention_confirm, retention_run
from confidential.models import ConfidentialReport, ReportEvent, ReportMessage
from confidential.tests.factories import ConfidentialReportFactory, ReportMessageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)


def closed_on(day: datetime.date, by) -> ConfidentialReport:
    at = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    report = ConfidentialReportFactory(
        status="closed",
        is_anonymous=False,
        reporter_name="Lotte",
        reporter_contact="06-12345678",
        created_at=at - datetime.timedelta(days=10),
        last_activity_at=at - datetime.timedelta(days=1),
    )
    ReportMessageFactory(report=report)
    ReportEvent.objects.create(
        report=report, kind="status", old_value="in_progress", new_value="closed", by=by, at=at
    )
    return report


def test_a_year_after_closing_the_content_goes_the_row_stays(directie, confidant):
    old = closed_on(datetime.date(2025, 11, 1), confidant)
    recent = closed_on(datetime.date(2025, 11, 2), confidant)
    still_open = ConfidentialReportFactory(status="in_progress")
    retention_confirm(policy="confidential_reports", by=directie)

    retention_run(today=TODAY)

    old.refresh_from_db()
    assert (old.message, old.reporter_name, old.reporter_contact) == ("", "", "")
    assert not ReportMessage.objects.filter(report=old).exists()
    recent.refresh_from_db()
    assert recent.reporter_name == "Lotte"
    still_open.refresh_from_db()
    assert still_open.message
    assert ConfidentialReport.objects.count() == 3


def test_without_confirmation_it_only_counts(confidant):
    closed_on(datetime.date(2025, 1, 1), confidant)

    (run,) = [r for r in retention_run(today=TODAY) if r.policy == "confidential_reports"]

    assert run.dry_run and run.counts == {"reports": 1}
    assert ConfidentialReport.objects.get().message
