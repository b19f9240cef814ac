"""The weekoverzicht's sections, read through the `cases` selectors for the user who asks.

Every section is bounded (at most `SECTION_LIMIT` rows, with the total count and a link to
the full list) and fetched in a fixed number of queries, however large the school.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from cases.incidents.formatting import format_delay
from cases.incidents.selectors import incidents_for_overview, incidents_visible_to
from cases.models import (
    Classification,
    Incident,
    IncidentQuerySet,
    IncidentReview,
    Involvement,
    Placement,
    Pupil,
    Suspension,
)
from cases.reminders.selectors import delivery_problems_visible_to
from cases.review.selectors import repeat_involvement
from cases.review.weeks import Week
from cases.stappenplan.selectors import cases_visible_to
from protocol.stappenplan import CaseState

SECTION_LIMIT = 50
ESCALATED_STATES = (CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8)
# A follow-up note is shown for the incidents that verification closed without a case.
NOTE_CLASSIFICATIONS = (Classification.TEASING, Classification.AGGRESSION)


@dataclass
class Section:
    rows: list
    count: int
    more_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_more(self) -> bool:
        return self.count > len(self.rows)


def bounded(queryset: QuerySet, more_url: str = "") -> Section:
    """The first rows of `queryset` and its count: two queries, whatever its size."""
    return Section(rows=list(queryset[:SECTION_LIMIT]), count=queryset.count(), more_url=more_url)


def week_registrations(user: User, week: Week) -> IncidentQuerySet:
    """The incidents registered in `week` that `user` may see: the page, the CSV and the
    counts all start here."""
    return incidents_visible_to(user).filter(
        registered_at__gte=week.start, registered_at__lt=week.end
    )


def registration_rows(incidents: IncidentQuerySet) -> IncidentQuerySet:
    """What a registration row shows, in a fixed number of queries."""
    return (
        incidents_for_overview(incidents)
        .select_related("verified_by", "case")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=IncidentReview.objects.select_related("reviewed_by").order_by(
                    "reviewed_at", "pk"
                ),
            )
        )
        .order_by("registered_at", "pk")
    )


def registration_view(incident: Incident) -> dict[str, Any]:
    """One row, with what the template cannot derive itself."""
    return {
        "incident": incident,
        "delay": format_delay(incident.registration_delay) if incident.is_late else "",
        "show_note": bool(incident.follow_up_note)
        and incident.verified_classification in NOTE_CLASSIFICATIONS,
        "reviews": list(incident.reviews.all()),
    }


def attention_sections(user: User, *, now: datetime, urls: dict[str, str]) -> dict[str, Section]:
    """What needs attention now, whatever the week shown."""
    today = timezone.localdate(now)
    waiting = bounded(
        incidents_visible_to(user)
        .awaiting_verification()
        .select_related("registered_by")
        .order_by("reported_at", "pk"),
        urls["waiting"],
    )
    for incident in waiting.rows:
        incident.age = format_delay(now - incident.reported_at)
    open_cases = cases_visible_to(user).exclude(state=CaseState.CLOSED)
    with_teachers = open_cases.prefetch_related("teachers")
    overdue = bounded(
        with_teachers.filter(next_deadline__lt=today).order_by("next_deadline", "pk"),
        urls["overdue"],
    )
    for case in overdue.rows:
        case.days_overdue = (today - case.next_deadline).days
    visible = cases_visible_to(user).values("pk")
    in_force = {"start_date__lte": today, "end_date__gte": today, "case__in": visible}
    return {
        "waiting": waiting,
        "overdue": overdue,
        "escalated": bounded(
            with_teachers.filter(state__in=ESCALATED_STATES).order_by("opened_at", "pk"),
            urls["escalated"],
        ),
        "serious": bounded(
            with_teachers.filter(judged_serious=True).order_by("opened_at", "pk"),
            urls["serious"],
        ),
        "placements": bounded(
            Placement.objects.filter(**in_force)
            .select_related("pupil", "case")
            .order_by("end_date", "pk"),
            urls["measures"],
        ),
        "suspensions": bounded(
            Suspension.objects.filter(**in_force)
            .select_related("pupil", "case")
            .order_by("end_date", "pk"),
            urls["measures"],
        ),
        "undelivered": bounded(delivery_problems_visible_to(user), urls["undelivered"]),
    }


@dataclass(frozen=True)
class RepeatRow:
    pupil: Pupil
    incidents: int
    roles: list[tuple[str, int]]


def repeat_section(user: User, *, first: date, last: date, more_url: str) -> Section:
    """Pupils involved in repeated incidents that happened from `first` to `last` (§11.2),
    counted over the incidents the user may see; with each pupil's roles. Five queries."""
    aggregate = repeat_involvement(incidents_visible_to(user), first=first, last=last)
    section = bounded(aggregate, more_url)
    ids = [row["pupil_id"] for row in section.rows]
    pupils = Pupil.objects.select_related("group").in_bulk(ids)
    roles: dict[int, list[tuple[str, int]]] = {}
    window = incidents_visible_to(user).filter(occurred_on__gte=first, occurred_on__lte=last)
    for row in (
        Involvement.objects.filter(pupil_id__in=ids, incident__in=window.values("pk"))
        .values("pupil_id", "role")
        .annotate(n=Count("pk"))
        .order_by("pupil_id", "-n", "role")
    ):
        label = Involvement(role=row["role"]).get_role_display()
        roles.setdefault(row["pupil_id"], []).append((label, row["n"]))
    section.rows = [
        RepeatRow(pupils[row["pupil_id"]], row["incidents"], roles.get(row["pupil_id"], []))
        for row in section.rows
    ]
    return section
