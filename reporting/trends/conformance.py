"""How well the school kept to the protocol, and how its cases went, in aggregate queries.

Shares come back as (met, out of) pairs so that every output can say how many they rest on
and hide shares of fewer than five (see `reporting.trends.tables`).
"""

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from cases.models import (
    REGISTRATION_WINDOW,
    Case,
    CaseDeadline,
    CaseTransition,
    DeadlineResolution,
    Involvement,
)
from cases.stappenplan.selectors import cases_visible_to
from protocol.stappenplan import CaseState, DeadlineRule
from reporting.trends.median import median_duration
from reporting.trends.scope import Scope, Window
from reporting.trends.selectors import scoped_incidents

WINDOWS = ("current", "previous")
ESCALATION_STEPS = (CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8)


def registered_in_time(user: User, scope: Scope) -> dict:
    """Registered within 24 hours of the report (§11.1): {window: (on time, all)}."""
    on_time = Q(registered_at__lte=F("reported_at") + REGISTRATION_WINDOW)
    result = scoped_incidents(user, scope).aggregate(
        **{
            f"{which}_{part}": Count(
                "pk", filter=getattr(scope, which).moments("reported_at") & extra
            )
            for which in WINDOWS
            for part, extra in (("met", on_time), ("all", Q()))
        }
    )
    return {which: (result[f"{which}_met"], result[f"{which}_all"]) for which in WINDOWS}


def time_to_verification(user: User, scope: Scope) -> dict:
    """The median time from the report to its verification: {window: (median, how many)}."""
    duration = ExpressionWrapper(F("verified_at") - F("reported_at"), output_field=DurationField())
    incidents = scoped_incidents(user, scope).filter(verified_at__isnull=False)
    return {
        which: median_duration(
            incidents.filter(getattr(scope, which).moments("reported_at")), duration
        )
        for which in WINDOWS
    }


def scoped_cases(user: User, scope: Scope) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if scope.group is not None:
        cases = cases.filter(
            Exists(
                Involvement.objects.filter(incident__case=OuterRef("pk"), pupil__group=scope.group)
            )
        )
    return cases


def deadlines_met(user: User, scope: Scope) -> dict:
    """Per kind of deadline due in the window: {kind: {window: (met in time, due)}}.

    A deadline counts once it is due (or met early); a replaced or cancelled one does not
    count, because the protocol asked for something else instead.
    """
    today = timezone.localdate()
    due = (
        CaseDeadline.objects.filter(case__in=scoped_cases(user, scope).values("pk"))
        .filter(scope.whole.days("due_on"))
        .exclude(resolution__in=[DeadlineResolution.REPLACED, DeadlineResolution.CANCELLED])
        .filter(Q(due_on__lt=today) | Q(resolution=DeadlineResolution.MET))
        .annotate(resolved_on=TruncDate("resolved_at"))
    )
    in_time = Q(resolution=DeadlineResolution.MET, resolved_on__lte=F("due_on"))
    rows = (
        due.values("kind")
        .annotate(
            **{
                f"{which}_{part}": Count("pk", filter=getattr(scope, which).days("due_on") & extra)
                for which in WINDOWS
                for part, extra in (("met", in_time), ("all", Q()))
            }
        )
        .order_by()
    )
    found = {row["kind"]: row for row in rows}
    return {
        kind: {
            which: (
                found.get(kind, {}).get(f"{which}_met", 0),
                found.get(kind, {}).get(f"{which}_all", 0),
            )
            for which in WINDOWS
        }
        for kind in DeadlineRule.values
        if kind != DeadlineRule.REGISTRATION
    }


def _transitions(user: User, scope: Scope) -> QuerySet[CaseTransition]:
    return CaseTransition.objects.filter(case__in=scoped_cases(user, scope).values("pk")).filter(
        scope.whole.moments("at")
    )


def _per_window(field: str, scope: Scope) -> dict:
    return {
        which: Count("pk", filter=getattr(scope, which).moments(field), distinct=True)
        for which in WINDOWS
    }


def case_counts(user: User, scope: Scope) -> dict:
    """Opened, closed and reopened cases, and cases that reached steps 6, 7 and 8."""
    opened = (
        scoped_cases(user, scope)
        .filter(scope.whole.moments("opened_at"))
        .aggregate(**_per_window("opened_at", scope))
    )
    transitions = _transitions(user, scope)
    wanted = {
        "closed": Q(to_state=CaseState.CLOSED),
        "reopened": Q(from_state=CaseState.CLOSED) & ~Q(to_state=CaseState.CLOSED),
        **{state.value: Q(to_state=state) for state in ESCALATION_STEPS},
    }
    aggregates = {}
    for name, condition in wanted.items():
        for which in WINDOWS:
            window = getattr(scope, which)
            aggregates[f"{name}_{which}"] = Count(
                "case", filter=window.moments("at") & condition, distinct=True
            )
    counted = transitions.aggregate(**aggregates)
    result = {"opened": {which: opened[which] for which in WINDOWS}}
    for name in wanted:
        result[name] = {which: counted[f"{name}_{which}"] for which in WINDOWS}
    return result


def case_duration(user: User, scope: Scope) -> dict:
    """The median time from opening to closing, of the cases closed in the window."""
    closed_at = Subquery(
        CaseTransition.objects.filter(case=OuterRef("pk"), to_state=CaseState.CLOSED)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    cases = scoped_cases(user, scope).filter(state=CaseState.CLOSED).annotate(closed_at=closed_at)
    duration = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    return {
        which: median_duration(_closed_in(cases, getattr(scope, which)), duration)
        for which in WINDOWS
    }


def _closed_in(cases: QuerySet[Case], window: Window) -> QuerySet[Case]:
    return cases.filter(window.moments("closed_at"))


def cases_per_step_now(user: User, scope: Scope) -> dict[str, int]:
    """The open cases per step today (a snapshot, not a year's figure)."""
    rows = (
        scoped_cases(user, scope)
        .exclude(state=CaseState.CLOSED)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["state"]: row["n"] for row in rows}
