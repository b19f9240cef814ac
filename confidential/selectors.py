"""Reads of the confidential channel. Only the confidant role opens it: not directie, IB,
the coordinator or a superuser, and no case rule is ever consulted."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from confidential.models import ConfidentialReport, ReportForward, ReportStatus


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
