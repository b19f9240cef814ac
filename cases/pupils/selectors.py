"""Which pupils a user may look up, and what the pupil's page shows them.

The rule (one rule, derived from the incidents' visibility in `cases.visibility.permissions`):
- IB, directie and the coordinator see every pupil of the school: their role holds the
  school-wide `cases.view_incident` permission.
- Anyone else sees a pupil when they may see at least one incident the pupil is involved in,
  or when they teach the pupil's group now (the current teacher is responsible for the child,
  also before anything was reported about it).
- The aanspreekpersoon role and being a superuser open no pupil.

What the page shows is read through the same selectors as everywhere else: a teacher who
sees a pupil through one incident sees on the pupil's page that incident, the cases they may
see, and nothing else of the pupil's record.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import User
from cases.incidents.selectors import incidents_visible_to
from cases.models import (
    Agreement,
    Case,
    Incident,
    Involvement,
    InvolvementRole,
    ParentComment,
    Placement,
    Pupil,
    SchoolGroup,
    SchoolYear,
    SignalObservation,
    Suspension,
)
from cases.stappenplan.selectors import cases_visible_to
from protocol.models import SignalKind

# The kinds of entry in a pupil's chronology.
INCIDENT, CASE, AGREEMENT, PLACEMENT, SUSPENSION, SIGNAL, COMMENT = (
    "incident",
    "case",
    "agreement",
    "placement",
    "suspension",
    "signal",
    "comment",
)


def _sees_whole_school(user: User) -> Exists:
    """The school-wide incident permission, from the user's groups or own permissions."""
    return Exists(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Incident), codename="view_incident"
        ).filter(Q(group__user=user) | Q(user=user))
    )


def pupils_visible_to(user: User, query: str = "") -> QuerySet[Pupil]:
    """The pupils `user` may look up, matching `query` (name or student number) when given.

    One query, however many pupils and incidents; reusable by any pupil search.
    """
    if not user.is_authenticated or not user.is_active:
        return Pupil.objects.none()
    involved_in_visible = Involvement.objects.filter(
        pupil=OuterRef("pk"), incident__in=incidents_visible_to(user).values("pk")
    )
    teaches_group = SchoolGroup.teachers.through.objects.filter(
        schoolgroup=OuterRef("group_id"), user=user
    )
    pupils = Pupil.objects.filter(
        Q(_sees_whole_school(user)) | Q(Exists(involved_in_visible)) | Q(Exists(teaches_group))
    )
    for word in query.split()[:5]:
        pupils = pupils.filter(
            Q(first_name__icontains=word)
            | Q(infix__icontains=word)
            | Q(last_name__icontains=word)
            | Q(student_number__iexact=word)
        )
    return pupils.select_related("group").order_by("last_name", "first_name", "pk")


# --- The chronology ------------------------------------------------------------------------------


def _rows(queryset: QuerySet, kind: str, day: Any) -> QuerySet:
    return (
        queryset.order_by()
        .annotate(entry_kind=Value(kind, output_field=CharField()), entry_day=day)
        .values_list("entry_kind", "pk", "entry_day")
    )


def pupil_chronology(user: User, pupil: Pupil) -> QuerySet:
    """(kind, pk, day) of everything on the pupil's record that `user` may see, newest first.

    One query (a union), so that a paginator counts and slices it in the database; the page's
    objects are fetched by `chronology_entries`.
    """
    incidents = incidents_visible_to(user).filter(involvements__pupil=pupil)
    cases = cases_visible_to(user).filter(
        Exists(Involvement.objects.filter(incident__case=OuterRef("pk"), pupil=pupil))
    )
    visible_cases = cases_visible_to(user).values("pk")
    parts = [
        _rows(incidents, INCIDENT, F("occurred_on")),
        _rows(cases, CASE, TruncDate("opened_at")),
        _rows(
            Agreement.objects.filter(pupil=pupil, case__in=visible_cases),
            AGREEMENT,
            F("made_on"),
        ),
        _rows(
            Placement.objects.filter(pupil=pupil, case__in=visible_cases),
            PLACEMENT,
            F("start_date"),
        ),
        _rows(
            Suspension.objects.filter(pupil=pupil, case__in=visible_cases),
            SUSPENSION,
            F("start_date"),
        ),
        _rows(signal_observations_visible_to(user).filter(pupil=pupil), SIGNAL, F("observed_on")),
        _rows(parent_comments_visible_to(user).filter(pupil=pupil), COMMENT, F("received_on")),
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-entry_day", "entry_kind", "-pk")


@dataclass(frozen=True)
class ChronologyEntry:
    kind: str
    day: date
    obj: Any
    role: str = ""  # the pupil's role in an incident


def chronology_entries(rows: list[tuple[str, int, Any]], pupil: Pupil) -> list[ChronologyEntry]:
    """The objects of one page of `pupil_chronology`, in its order: one query per kind."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _day in rows:
        wanted.setdefault(kind, []).append(pk)
    loaders = {
        INCIDENT: lambda pks: Incident.objects.filter(pk__in=pks).annotate(
            pupil_role=Subquery(
                Involvement.objects.filter(incident=OuterRef("pk"), pupil=pupil).values("role")[:1]
            )
        ),
        CASE: lambda pks: Case.objects.filter(pk__in=pks),
        AGREEMENT: lambda pks: Agreement.objects.filter(pk__in=pks).select_related("case"),
        PLACEMENT: lambda pks: Placement.objects.filter(pk__in=pks).select_related("case"),
        SUSPENSION: lambda pks: Suspension.objects.filter(pk__in=pks).select_related("case"),
        SIGNAL: lambda pks: SignalObservation.objects.filter(pk__in=pks).select_related(
            "signal", "recorded_by"
        ),
        COMMENT: lambda pks: ParentComment.objects.filter(pk__in=pks),
    }
    objects = {(kind, obj.pk): obj for kind, pks in wanted.items() for obj in loaders[kind](pks)}
    entries = []
    for kind, pk, day in rows:
        obj = objects.get((kind, pk))
        if obj is None:  # gone between the two queries
            continue
        role = InvolvementRole(obj.pupil_role).label if kind == INCIDENT else ""
        entries.append(ChronologyEntry(kind=kind, day=_as_date(day), obj=obj, role=role))
    return entries


def _as_date(value: Any) -> date:
    # SQLite hands a union's dates back as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- Counts of roles over time -------------------------------------------------------------------


def pupil_role_counts(user: User, pupil: Pupil) -> dict[str, Any]:
    """How often the pupil had each role, per school year, in the incidents `user` may see.

    One aggregate query. Returns `years` (newest first), each with its counts per role.
    """
    school_year = SchoolYear.objects.filter(
        school_id=pupil.school_id,
        start_date__lte=OuterRef("incident__occurred_on"),
        end_date__gte=OuterRef("incident__occurred_on"),
    ).values("name")[:1]
    counts = (
        Involvement.objects.filter(
            pupil=pupil, incident__in=incidents_visible_to(user).values("pk")
        )
        .annotate(year=Coalesce(Subquery(school_year), Value("")))
        .values("year", "role")
        .annotate(total=Count("pk"))
        .order_by("-year", "role")
    )
    years: dict[str, dict[str, int]] = {}
    for row in counts:
        years.setdefault(row["year"], {})[row["role"]] = row["total"]
    return {"years": years}


# --- Signals (§6.1, §6.2) ------------------------------------------------------------------------

# The notice: this many different signals of §6.2 within the period, or one sign of abuse.
NOTICE_PERIOD_DAYS = 28
SEVERAL_VICTIM_SIGNALS = 3
# "Vertonen kenmerken van lichamelijke mishandeling" (§6.2), by the key the protocol's list
# gives it (protocol/data.py).
SIGNS_OF_ABUSE = frozenset({"victim-signs-of-abuse"})


def signal_observations_visible_to(user: User) -> QuerySet[SignalObservation]:
    """Observed signals `user` may read: the school-wide roles and the pupil's current
    teachers every one, anyone else those they recorded themselves."""
    if not user.is_authenticated or not user.is_active:
        return SignalObservation.objects.none()
    teaches_group = SchoolGroup.teachers.through.objects.filter(
        schoolgroup=OuterRef("pupil__group_id"), user=user
    )
    return SignalObservation.objects.filter(
        Q(_sees_whole_school(user)) | Q(Exists(teaches_group)) | Q(recorded_by=user)
    )


def parent_comments_visible_to(user: User) -> QuerySet[ParentComment]:
    """Parents' comments on the record: read by IB, directie and the coordinator."""
    if not user.is_authenticated or not user.is_active:
        return ParentComment.objects.none()
    return ParentComment.objects.filter(_sees_whole_school(user))


@dataclass(frozen=True)
class SignalNotice:
    victim_signals: int  # different §6.2 signals observed within the period
    signs_of_abuse: int  # observations of a sign of physical abuse within the period

    @property
    def shown(self) -> bool:
        return self.signs_of_abuse > 0 or self.victim_signals >= SEVERAL_VICTIM_SIGNALS


def signal_notice(
    pupil: Pupil, observations: QuerySet | None = None, today: date | None = None
) -> SignalNotice:
    """Whether the signals observed lately call for the meldcode notice (one query)."""
    today = today or timezone.localdate()
    observations = SignalObservation.objects.all() if observations is None else observations
    figures = observations.filter(
        pupil=pupil,
        signal__kind=SignalKind.VICTIM,
        observed_on__gt=today - timedelta(days=NOTICE_PERIOD_DAYS),
        observed_on__lte=today,
    ).aggregate(
        victim_signals=Count("signal", distinct=True),
        signs_of_abuse=Count("pk", filter=Q(signal__key__in=SIGNS_OF_ABUSE)),
    )
    return SignalNotice(**figures)
