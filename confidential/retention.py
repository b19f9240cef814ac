"""The retention policy of the confidential channel, registered with the school's retention
run (cases.privacy.policies) so that `cases` never reads a confidential report itself.

A closed report's content goes `RETENTION_CONFIDENTIAL_YEARS` after it was closed, provided
nothing happened on it since: what was said, who said it and how to reach them, the
conversation, the confidant's notes and the text passed on. The row stays, with its kind of
reporter and its dates, so the yearly count of reports does not change.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.privacy.policies import Policy, policy_register
from confidential.models import (
    ConfidantNote,
    ConfidentialReport,
    ReportEvent,
    ReportForward,
    ReportMessage,
    ReportStatus,
)


def _cutoff(today: datetime.date) -> datetime.datetime:
    try:
        day = today.replace(year=today.year - settings.RETENTION_CONFIDENTIAL_YEARS)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - settings.RETENTION_CONFIDENTIAL_YEARS, day=28)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def reports_due(today: datetime.date):
    cutoff = _cutoff(today)
    closed_since = ReportEvent.objects.filter(
        report=OuterRef("pk"), new_value=ReportStatus.CLOSED, at__gte=cutoff
    )
    closed_before = ReportEvent.objects.filter(
        report=OuterRef("pk"), new_value=ReportStatus.CLOSED, at__lt=cutoff
    )
    return (
        ConfidentialReport.objects.filter(status=ReportStatus.CLOSED, last_activity_at__lt=cutoff)
        .filter(Exists(closed_before))
        .exclude(Exists(closed_since))
        .exclude(message="", reporter_name="", reporter_contact="")
    )


def confidential_reports_empty(*, today: datetime.date, apply: bool) -> dict[str, int]:
    due = reports_due(today)
    if not apply:
        return {"reports": due.count()}
    pks = list(due.values_list("pk", flat=True))
    ReportMessage.objects.filter(report_id__in=pks).delete()
    ConfidantNote.objects.filter(report_id__in=pks).delete()
    ReportForward.objects.filter(report_id__in=pks).update(text="")
    ConfidentialReport.objects.filter(pk__in=pks).update(
        message="", reporter_name="", reporter_contact="", is_anonymous=True
    )
    return {"reports": len(pks)}


def register() -> None:
    policy_register(
        Policy(
            key="confidential_reports",
            label=_("Closed confidential reports"),
            period=lambda: (
                _("content removed %(years)s year(s) after closing")
                % {"years": settings.RETENTION_CONFIDENTIAL_YEARS}
            ),
            run=confidential_reports_empty,
        )
    )
