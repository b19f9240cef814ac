"""Reads of cases that depend on who is asking, and the progress of a case.

Every list, count and export of cases goes through `cases_visible_to`, so that one rule
decides which cases a user sees.
"""

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role, User
from cases.incidents.selectors import incidents_visible_to
from cases.models import (
    Case,
    Incident,
    IncidentQuerySet,
    Involvement,
)
from cases.stappenplan.timeline import TimelineEntry, case_timeline
from cases.visibility.permissions import objects_visible_to
from protocol.stappenplan import (
    CaseState,
    StepProgress,
    get_transition,
    progress,
)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases `user` may see (the rule: cases.visibility.permissions); every list, count,
    export and
    PDF of cases reads through it."""
    return objects_visible_to(user, Case)


def case_team_q(user: User) -> Q:
    """Cases of which `user` is a teacher: assigned, or teaching a group of a pupil involved."""
    teaches_a_pupil = Involvement.objects.filter(
        incident__case=OuterRef("pk"), pupil__group__teachers=user
    )
    assigned = Case.teachers.through.objects.filter(case=OuterRef("pk"), user=user)
    return Q(Exists(assigned)) | Q(Exists(teaches_a_pupil))


def incident_verifier_q(user: User) -> Q:
    """Incidents `user` may verify: the IB every one, a teacher those they registered or that
    involve a pupil of a group they teach."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.has_role(Role.IB):
        return Q()
    teaches_a_pupil = Involvement.objects.filter(
        incident=OuterRef("pk"), pupil__group__teachers=user
    )
    return Q(registered_by=user) | Q(Exists(teaches_a_pupil))


def matching_open_cases(*, incident: Incident, user: User) -> QuerySet[Case]:
    """Open cases that `user` sees and that share a pupil with `incident`: candidates to add
    it to. A case the user may not see is never offered, not even by its pupils' names."""
    pupils = Involvement.objects.filter(incident=incident).values("pupil_id")
    shares_a_pupil = Involvement.objects.filter(
        incident__case=OuterRef("pk"), pupil_id__in=Subquery(pupils)
    )
    return (
        cases_visible_to(user)
        .exclude(state=CaseState.CLOSED)
        .filter(Exists(shares_a_pupil))
        .exclude(incidents=incident)
        .prefetch_related(_case_pupils_prefetch())
        .order_by("-opened_at", "-pk")
    )


def _case_pupils_prefetch() -> Prefetch:
    return Prefetch(
        "incidents__involvements",
        queryset=Involvement.objects.select_related("pupil").order_by("pk"),
    )


def incidents_to_verify(user: User) -> IncidentQuerySet:
    return (
        incidents_visible_to(user)
        .awaiting_verification()
        .filter(incident_verifier_q(user))
        .select_related("registered_by")
        .prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.select_related("pupil"))
        )
        .order_by("reported_at", "pk")
    )


ESCALATED_STATES = (CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8)


def open_cases_of(user: User) -> QuerySet[Case]:
    """The open cases a user works on: as case teacher, and for IB and directie every one.

    The coordinator follows the serious cases (§11.2): those in steps 6, 7 and 8.
    """
    cases = cases_visible_to(user).exclude(state=CaseState.CLOSED)
    if user.has_role(Role.IB, Role.DIRECTIE):
        return cases
    works_on = case_team_q(user)
    if user.has_role(Role.COORDINATOR):
        works_on |= Q(state__in=ESCALATED_STATES)
    return cases.filter(works_on)


def my_work(user: User) -> dict[str, Any]:
    """The home page's "Mijn werk".

    `incidents_to_verify`: reports awaiting verification that the user may verify, oldest
    first, and `incidents_total`, how many. `cases`: the user's open cases, the nearest
    deadline first (so overdue ones lead), cases without a deadline last; `cases_total`, how
    many, and `overdue_cases`, how many of those are overdue. The lists are querysets: the
    page shows only their first few (`views.home.MY_WORK_ROWS`); the totals are counted in
    the database.
    """
    today = timezone.localdate()
    cases = (
        open_cases_of(user)
        .prefetch_related(_case_pupils_prefetch(), "teachers")
        .order_by(F("next_deadline").asc(nulls_last=True), "-opened_at", "-pk")
    )
    totals = open_cases_of(user).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(next_deadline__lt=today))
    )
    to_verify = incidents_to_verify(user)
    return {
        "incidents_to_verify": to_verify,
        "incidents_total": to_verify.order_by().count(),
        "cases": cases,
        "cases_total": totals["total"],
        "overdue_cases": totals["overdue"],
        "today": today,
    }


def case_progress(case: Case) -> list[StepProgress]:
    """The eight steps' status for the progress bar, from the case's step changes (1 query)."""
    visited: set[str] = set()
    skipped: set[str] = set()
    for name, to_state in case.transitions.order_by("pk").values_list("name", "to_state"):
        if to_state == CaseState.STEP_1:
            visited, skipped = set(), set()
        visited.add(to_state)
        try:
            skips = get_transition(name).skips
        except KeyError:
            skips = None
        if skips:
            skipped.add(skips)
    return progress(CaseState(case.state), skipped=skipped, visited=visited)


# The timeline moved to `cases.stappenplan.timeline`; its old import path keeps working.
__all__ = [
    "TimelineEntry",
    "case_progress",
    "case_team_q",
    "case_timeline",
    "cases_visible_to",
    "incident_verifier_q",
    "incidents_to_verify",
    "matching_open_cases",
    "my_work",
    "open_cases_of",
]
