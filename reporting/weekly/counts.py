"""The week's figures beside those of the four weeks before: aggregate queries only."""

from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from accounts.models import User
from cases.incidents.models import REGISTRATION_WINDOW, Classification
from cases.incidents.selectors import incidents_visible_to
from cases.models import CaseTransition
from cases.review.weeks import Week
from cases.stappenplan.selectors import cases_visible_to
from protocol.stappenplan import CaseState

WEEKS_COMPARED = 5  # the week itself and the four before it


@dataclass(frozen=True)
class CountRow:
    label: str
    values: list[int]
    heading: bool = False


def _bucket(field: str, weeks: list[Week]) -> SqlCase:
    return SqlCase(
        *[
            When(**{f"{field}__gte": week.start, f"{field}__lt": week.end}, then=Value(index))
            for index, week in enumerate(weeks)
        ],
        default=Value(-1),
    )


def _in_weeks(field: str, weeks: list[Week]) -> Q:
    return Q(**{f"{field}__gte": weeks[-1].start, f"{field}__lt": weeks[0].end})


def _per_week(rows: QuerySet, key: str | None, size: int) -> dict:
    """{key: [count per week]} from rows of (bucket, key, n)."""
    result: dict = {}
    for row in rows:
        values = result.setdefault(row[key] if key else None, [0] * size)
        if row["bucket"] >= 0:
            values[row["bucket"]] = row["n"]
    return result


def _case_counts(user: User, weeks: list[Week]) -> tuple[list[int], list[int]]:
    """Cases opened and cases closed per week: two queries."""
    size = len(weeks)
    cases = cases_visible_to(user)
    opened = _per_week(
        cases.filter(_in_weeks("opened_at", weeks))
        .annotate(bucket=_bucket("opened_at", weeks))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by(),
        None,
        size,
    ).get(None, [0] * size)
    closed = _per_week(
        CaseTransition.objects.filter(
            _in_weeks("at", weeks), to_state=CaseState.CLOSED, case__in=cases.values("pk")
        )
        .annotate(bucket=_bucket("at", weeks))
        .values("bucket")
        .annotate(n=Count("case_id", distinct=True))
        .order_by(),
        None,
        size,
    ).get(None, [0] * size)
    return opened, closed


def week_counts(user: User, week: Week) -> tuple[list[Week], list[CountRow]]:
    """Registrations, late ones, per classification, per form, new and closed cases: for
    `week` and the four weeks before it, counted over what `user` may see. Five queries."""
    weeks = [week]
    for _index in range(WEEKS_COMPARED - 1):
        weeks.append(weeks[-1].previous)
    size = len(weeks)
    incidents = incidents_visible_to(user).filter(_in_weeks("registered_at", weeks))
    bucketed = incidents.annotate(bucket=_bucket("registered_at", weeks))

    totals = [0] * size
    late = [0] * size
    for row in bucketed.values("bucket").annotate(
        n=Count("pk"),
        late=Count("pk", filter=Q(registered_at__gt=F("reported_at") + REGISTRATION_WINDOW)),
    ):
        if row["bucket"] >= 0:
            totals[row["bucket"]] = row["n"]
            late[row["bucket"]] = row["late"]
    # The classification after verification where there is one, the first one otherwise.
    per_class = _per_week(
        bucketed.annotate(
            effective=Coalesce(NullIf("verified_classification", Value("")), "classification")
        )
        .values("bucket", "effective")
        .annotate(n=Count("pk"))
        .order_by(),
        "effective",
        size,
    )
    per_form = _per_week(
        bucketed.filter(forms__isnull=False)
        .values("bucket", "forms__name")
        .annotate(n=Count("pk"))
        .order_by(),
        "forms__name",
        size,
    )
    opened, closed = _case_counts(user, weeks)
    rows = [
        CountRow(_("Registrations"), totals),
        CountRow(_("Registered late"), late),
        CountRow(_("Per classification"), [], heading=True),
        *[
            CountRow(str(label), per_class.get(value, [0] * size))
            for value, label in Classification.choices
        ],
        CountRow(_("Per form"), [], heading=True),
        *[CountRow(name, values) for name, values in sorted(per_form.items())],
        CountRow(_("New cases"), opened),
        CountRow(_("Closed cases"), closed),
    ]
    return weeks, rows
