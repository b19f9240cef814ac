"""Reads of the confidential channel. Only the confidant role opens it: not directie, IB,
the coordinator or a superuser, and no case rule is ever consulted."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from accounts.models import Role, User
from confidential.models import (
    ConfidentialReport,
    ForwardRecipient,
    ReporterKind,
    ReportForward,
    ReportStatus,
)


def may_read_confidential_reports(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(Role.CONFIDANT)


def reports_visible_to(user: User) -> QuerySet[ConfidentialReport]:
    if not may_read_confidential_reports(user):
        return ConfidentialReport.objects.none()
    return ConfidentialReport.objects.all()


def inbox_reports(user: User, *, status: str = "") -> QuerySet[ConfidentialReport]:
    reports = reports_visible_to(user).annotate(
        message_count=Count("messages"),
        is_forwarded=Exists(ReportForward.objects.filter(report=OuterRef("pk"))),
    )
    # A grouped query ignores Meta.ordering: unread first, then the latest activity.
    reports = reports.order_by(*ConfidentialReport._meta.ordering)
    if status:
        reports = reports.filter(status=status)
    return reports


def inbox_counts(user: User) -> dict[str, int]:
    return reports_visible_to(user).aggregate(
        all=Count("pk"),
        unread=Count("pk", filter=Q(unread_by_confidant=True)),
        **{status: Count("pk", filter=Q(status=status)) for status in ReportStatus.values},
    )


def inbox_unread_count(user: User) -> int:
    return reports_visible_to(user).filter(unread_by_confidant=True).count()


def report_counts_for_year_report(
    *, start_at: datetime.datetime, end_before: datetime.datetime
) -> dict:
    """What the aanspreekpersoon contributes to the yearly report (§3.1): counts only.

    The reports received in the period per month and per kind of reporter, and how many were
    passed on to the school as an incident. No field of a report's content, its reporter or
    its messages leaves this function; the yearly report reads nothing else of this app.
    """
    reports = ConfidentialReport.objects.filter(created_at__gte=start_at, created_at__lt=end_before)
    per_month = (
        reports.annotate(year=ExtractYear("created_at"), month=ExtractMonth("created_at"))
        .values("year", "month")
        .annotate(n=Count("pk"))
        .order_by("year", "month")
    )
    per_kind = reports.values("reporter_kind").annotate(n=Count("pk")).order_by()
    passed_on = Exists(
        ReportForward.objects.filter(report=OuterRef("pk"), recipient=ForwardRecipient.INCIDENT)
    )
    totals = reports.aggregate(total=Count("pk"), passed_on=Count("pk", filter=Q(passed_on)))
    return {
        "total": totals["total"],
        "passed_on_as_incident": totals["passed_on"],
        "per_month": {f"{row['year']}-{row['month']:02d}": row["n"] for row in per_month},
        "per_kind": {row["reporter_kind"]: row["n"] for row in per_kind},
    }


def reporter_kind_labels() -> dict[str, str]:
    """The names of the kinds of reporter, for the counts above."""
    return {kind: str(label) for kind, label in ReporterKind.choices}
