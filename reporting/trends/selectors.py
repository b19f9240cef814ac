"""The incident figures of the trends page, each one aggregate query over the incidents the
asker may see (`incidents_visible_to`), this year's window and last year's side by side.

Every function answers rows `{"key", "label", "current", "previous"}`; counting happens in
the database (`values().annotate(Count(..., filter=...))`), Python only puts labels on the
few rows that come back.
"""

import datetime

from django.db.models import Case, CharField, Count, Exists, OuterRef, QuerySet, Value, When
from django.db.models.functions import ExtractIsoWeekDay, ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cases.incidents.selectors import incidents_visible_to
from cases.models import Classification, Incident, Involvement, InvolvementRole, Location
from reporting.trends.scope import Scope

Row = dict

MONTHS = (
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
)


def _month_name(number: int) -> str:
    return str(MONTHS[number - 1])


WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)

# Parts of a school day, by the time the incident happened (§11.1 asks for trends; these are
# the moments a school can act on: supervision before school, in breaks, after school).
PARTS_OF_DAY = (
    ("before_school", gettext_lazy("Before school (before 8:30)"), datetime.time(0, 0)),
    ("morning", gettext_lazy("Morning (8:30–12:00)"), datetime.time(8, 30)),
    ("lunch", gettext_lazy("Lunch break (12:00–13:00)"), datetime.time(12, 0)),
    ("afternoon", gettext_lazy("Afternoon (13:00–15:15)"), datetime.time(13, 0)),
    ("after_school", gettext_lazy("After school (from 15:15)"), datetime.time(15, 15)),
)


def scoped_incidents(user: User, scope: Scope) -> QuerySet[Incident]:
    """The visible incidents reported in this year's or last year's window (and group)."""
    incidents = incidents_visible_to(user).filter(scope.whole.moments("reported_at"))
    if scope.group is not None:
        incidents = incidents.filter(
            Exists(Involvement.objects.filter(incident=OuterRef("pk"), pupil__group=scope.group))
        )
    return incidents


def _counts(scope: Scope, *, prefix: str = "", field: str = "pk") -> dict:
    reported = f"{prefix}reported_at"
    return {
        "current": Count(field, filter=scope.current.moments(reported), distinct=True),
        "previous": Count(field, filter=scope.previous.moments(reported), distinct=True),
    }


def _rows(queryset, key: str, labels: dict, *, keep_all: bool = True) -> list[Row]:
    found = {row[key]: row for row in queryset}
    keys = list(labels) if keep_all else [k for k in labels if k in found]
    keys += [k for k in found if k not in labels]
    return [
        {
            "key": k,
            "label": str(labels.get(k, k)),
            "current": found.get(k, {}).get("current", 0),
            "previous": found.get(k, {}).get("previous", 0),
        }
        for k in keys
    ]


def totals(user: User, scope: Scope) -> Row:
    row = scoped_incidents(user, scope).aggregate(**_counts(scope))
    return {"key": "total", "label": _("Incidents"), **row}


def per_month(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .annotate(month=ExtractMonth("reported_at"))
        .values("month")
        .annotate(**_counts(scope))
        .order_by("month")
    )
    months = [(scope.start_month - 1 + offset) % 12 + 1 for offset in range(12)]
    inside = _months_between(scope.current.start, scope.current.end)
    labels = {month: _month_name(month) for month in months if month in inside}
    return _rows(queryset, "month", labels)


def _months_between(start: datetime.date, end: datetime.date) -> set[int]:
    months, day = set(), start.replace(day=1)
    while day <= end and len(months) < 12:
        months.add(day.month)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def per_form(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .filter(forms__isnull=False)
        .values("forms__name", "forms__order")
        .annotate(**_counts(scope))
        .order_by("forms__order", "forms__name")
    )
    return _rows(queryset, "forms__name", {})


def per_example(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .filter(examples__isnull=False)
        .values("examples__pk", "examples__text", "examples__form__name")
        .annotate(**_counts(scope))
        .order_by("-current", "examples__form__order", "examples__order")
    )
    labels = {
        row["examples__pk"]: f"{row['examples__form__name']}: {row['examples__text']}"
        for row in queryset
    }
    return _rows(queryset, "examples__pk", labels)


def per_location(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope).values("location").annotate(**_counts(scope)).order_by()
    )
    return _rows(queryset, "location", dict(Location.choices))


def per_group(user: User, scope: Scope) -> list[Row]:
    """Incidents per group of the pupils involved (an incident of two groups counts in both)."""
    queryset = (
        scoped_incidents(user, scope)
        .filter(involvements__pupil__group__isnull=False)
        .values("involvements__pupil__group__name", "involvements__pupil__group__order")
        .annotate(**_counts(scope))
        .order_by("involvements__pupil__group__order", "involvements__pupil__group__name")
    )
    return _rows(queryset, "involvements__pupil__group__name", {})


def per_weekday(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .annotate(weekday=ExtractIsoWeekDay("occurred_on"))
        .values("weekday")
        .annotate(**_counts(scope))
        .order_by("weekday")
    )
    labels = {number: str(name) for number, name in enumerate(WEEKDAYS, start=1)}
    return [row for row in _rows(queryset, "weekday", labels) if row["key"] <= 5 or _any(row)]


def _any(row: Row) -> bool:
    return bool(row["current"] or row["previous"])


def _part_of_day() -> Case:
    whens = [
        When(occurred_time__lt=PARTS_OF_DAY[index + 1][2], then=Value(key))
        for index, (key, _label, _from) in enumerate(PARTS_OF_DAY[:-1])
    ]
    return Case(
        When(occurred_time__isnull=True, then=Value("unknown")),
        *whens,
        default=Value(PARTS_OF_DAY[-1][0]),
        output_field=CharField(),
    )


def per_part_of_day(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .annotate(part=_part_of_day())
        .values("part")
        .annotate(**_counts(scope))
        .order_by()
    )
    labels = {key: str(label) for key, label, _from in PARTS_OF_DAY}
    labels["unknown"] = _("Time not known")
    rows = _rows(queryset, "part", labels)
    return [row for row in rows if row["key"] != "unknown" or _any(row)]


def per_platform(user: User, scope: Scope) -> list[Row]:
    queryset = (
        scoped_incidents(user, scope)
        .filter(platforms__isnull=False)
        .values("platforms__name", "platforms__order")
        .annotate(**_counts(scope))
        .order_by("platforms__order", "platforms__name")
    )
    return _rows(queryset, "platforms__name", {})


def per_classification(user: User, scope: Scope) -> list[Row]:
    """The classification after verification; not yet verified counts apart."""
    queryset = (
        scoped_incidents(user, scope)
        .annotate(
            verified_as=Case(
                When(verified_at__isnull=True, then=Value("unverified")),
                default="verified_classification",
                output_field=CharField(),
            )
        )
        .values("verified_as")
        .annotate(**_counts(scope))
        .order_by()
    )
    labels = {
        Classification.TEASING.value: Classification.TEASING.label,
        Classification.BULLYING.value: Classification.BULLYING.label,
        Classification.AGGRESSION.value: Classification.AGGRESSION.label,
        "unverified": _("Not yet verified"),
    }
    return _rows(queryset, "verified_as", {k: str(v) for k, v in labels.items()})


def per_role(user: User, scope: Scope) -> list[Row]:
    """How often pupils were involved in each role (one pupil in one incident counts once)."""
    queryset = (
        Involvement.objects.filter(incident__in=scoped_incidents(user, scope).values("pk"))
        .values("role")
        .annotate(**_counts(scope, prefix="incident__"))
        .order_by()
    )
    return _rows(queryset, "role", {k: str(v) for k, v in InvolvementRole.choices})


REPEAT_THRESHOLD = 3


def repeat_involvement(user: User, scope: Scope) -> Row:
    """Pupils involved in three or more incidents in the window: a count, never names."""
    involvements = Involvement.objects.filter(
        incident__in=scoped_incidents(user, scope).values("pk")
    )
    row = {"key": "repeat", "label": _("Pupils in 3 or more incidents")}
    for which in ("current", "previous"):
        window = getattr(scope, which)
        row[which] = (
            involvements.filter(window.moments("incident__reported_at"))
            .values("pupil")
            .annotate(incidents=Count("incident", distinct=True))
            .filter(incidents__gte=REPEAT_THRESHOLD)
            .count()
        )
    return row
