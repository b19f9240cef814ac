"""Reads of the weekly review: who reviewed what, which weeks still wait for a review, and
which pupils were involved in repeated incidents (§11.2)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from cases.incidents.models import Incident, IncidentQuerySet, Involvement
from cases.incidents.selectors import incidents_visible_to
from cases.review.models import IncidentReview, WeekReview
from cases.review.services import may_review
from cases.review.weeks import Week, school_weeks_ending
from cases.school.calendar import school_calendar
from cases.stappenplan.selectors import cases_visible_to
from protocol.calendar import SchoolCalendar
from protocol.stappenplan import CaseState

# Mijn werk looks this many weeks back for a week nobody reviewed.
WEEKS_REMINDED = 4


def week_reviews(week: Week) -> QuerySet[WeekReview]:
    return WeekReview.objects.filter(week_start=week.monday).select_related("reviewed_by")


def incident_reviews(incident: Incident) -> QuerySet[IncidentReview]:
    return incident.reviews.select_related("reviewed_by").order_by("reviewed_at", "pk")


def weeks_awaiting_review(
    user: User, *, now: datetime, calendar: SchoolCalendar | None = None
) -> list[Week]:
    """For the IB and the directie: the recent school weeks whose Friday has passed without
    anybody reviewing them, the latest first. No query for anybody else."""
    if not may_review(user):
        return []
    calendar = calendar or school_calendar()
    today = timezone.localdate(now)
    latest = Week.containing(today)
    if latest.friday >= today:
        latest = latest.previous
    candidates = []
    week = latest
    for _ in range(WEEKS_REMINDED):
        if week.has_school_days(calendar):
            candidates.append(week)
        week = week.previous
    reviewed = set(
        WeekReview.objects.filter(week_start__in=[w.monday for w in candidates]).values_list(
            "week_start", flat=True
        )
    )
    return [week for week in candidates if week.monday not in reviewed]


def repeat_window(week: Week, calendar: SchoolCalendar) -> tuple[date, date]:
    """The days over which repeated involvement is counted: the configured number of school
    weeks ending with `week`."""
    first = school_weeks_ending(week, settings.REPEAT_INVOLVEMENT_SCHOOL_WEEKS, calendar)
    return first.monday, week.sunday


def repeat_involvement(incidents: IncidentQuerySet, *, first: date, last: date) -> QuerySet:
    """Pupils involved (any role) in at least the configured number of `incidents` that
    happened between `first` and `last`: rows of `pupil_id` and `incidents`, most first.
    One aggregate query; the caller decides which incidents count (visibility)."""
    return (
        Involvement.objects.filter(
            incident__in=incidents.filter(occurred_on__gte=first, occurred_on__lte=last).values(
                "pk"
            )
        )
        .values("pupil_id")
        .annotate(incidents=Count("incident_id", distinct=True))
        .filter(incidents__gte=settings.REPEAT_INVOLVEMENT_INCIDENTS)
        .order_by("-incidents", "pupil_id")
    )


def repeat_window_ending(today: date, calendar: SchoolCalendar) -> tuple[date, date]:
    """The window that ends today (for the notification of a pupil newly crossing)."""
    first, _ = repeat_window(Week.containing(today), calendar)
    return first, today


@dataclass(frozen=True)
class OpenItems:
    """What the weekly review would show as needing attention, as counts."""

    awaiting_verification: int
    overdue_cases: int
    repeat_pupils: int

    @property
    def any(self) -> bool:
        return bool(self.awaiting_verification or self.overdue_cases or self.repeat_pupils)


def review_open_items(
    user: User, *, today: date, calendar: SchoolCalendar | None = None
) -> OpenItems | None:
    """For the coordinator's Mijn werk (§3.2, §11.1): how many reports still wait for
    verification, how many cases are overdue and how many pupils are involved in repeated
    incidents now, over what the coordinator may see. None for anybody else (only the role
    is read): the IB and the directie see these in their own sections of Mijn werk."""
    if not user.is_authenticated or not user.has_role(Role.COORDINATOR):
        return None
    calendar = calendar or school_calendar()
    first, last = repeat_window_ending(today, calendar)
    incidents = incidents_visible_to(user)
    overdue = cases_visible_to(user).exclude(state=CaseState.CLOSED).filter(next_deadline__lt=today)
    return OpenItems(
        awaiting_verification=incidents.awaiting_verification().order_by().count(),
        overdue_cases=overdue.order_by().count(),
        repeat_pupils=repeat_involvement(incidents, first=first, last=last).order_by().count(),
    )


__all__ = [
    "OpenItems",
    "review_open_items",
    "WEEKS_REMINDED",
    "incident_reviews",
    "repeat_involvement",
    "repeat_window",
    "repeat_window_ending",
    "week_reviews",
    "weeks_awaiting_review",
]
