"""The history of an incident or case (every saved change, from django-simple-history) and
its access log, as the directie reads them.

Both are read for an object the caller already fetched through the visibility selectors.
A constant number of queries: one per kind of record, one per kind of related object named
in the changes, whatever the length of the history.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import (
    AccessLog,
    AccessObject,
    ActionPlan,
    ActionPlanItem,
    Agreement,
    Attachment,
    Case,
    CaseDeadline,
    Consent,
    Conversation,
    ExternalHelp,
    Incident,
    IncidentReview,
    Involvement,
    ParentContact,
    ParentMeeting,
    Placement,
    Pupil,
    Suspension,
    TeamNotice,
)

# Bookkeeping that every change touches, and the link to the parent the page is about.
HIDDEN_FIELDS = frozenset(
    {"id", "version", "updated_at", "updated_by", "created_at", "created_by", "stage", "set_by"}
)
HISTORY_TYPES = {"+": _("Added"), "~": _("Changed"), "-": _("Deleted")}

CASE_RECORDS: list[type[models.Model]] = [
    CaseDeadline,
    Conversation,
    Agreement,
    ParentContact,
    TeamNotice,
    ActionPlan,
    ParentMeeting,
    Consent,
    Placement,
    Suspension,
]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    user: User | None
    kind: str
    what: str
    number: int
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(HISTORY_TYPES.get(self.kind, self.kind))


@dataclass
class _Source:
    model: type[models.Model]
    filter: Q
    parent_field: str


def _history_model(model: type[models.Model]) -> type[models.Model]:
    return model.history.model


def _m2m_history_model(model: type[models.Model], m2m: models.ManyToManyField):
    history_model = _history_model(model)
    return apps.get_model(history_model._meta.app_label, f"{history_model.__name__}_{m2m.name}")


class _Labels:
    """Turns stored values into what a reader understands, fetching related objects in bulk."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._found: dict[type[models.Model], dict[Any, models.Model]] = {}

    def want(self, related: type[models.Model], value: Any) -> None:
        if value is not None:
            self._wanted[related].add(value)

    def load(self) -> None:
        for related, pks in self._wanted.items():
            self._found[related] = related._default_manager.in_bulk(pks)

    def related(self, related: type[models.Model], value: Any) -> str:
        if value is None:
            return "—"
        obj = self._found.get(related, {}).get(value)
        if obj is None:
            return f"#{value}"
        return obj.full_name if isinstance(obj, Pupil) else str(obj)

    def value(self, model_field: models.Field, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            return self.related(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return str(_("Yes") if value else _("No"))
        if isinstance(model_field, models.DateTimeField):
            return formats.date_format(timezone.localtime(value), "d-m-Y H:i")
        if isinstance(model_field, models.DateField):
            return formats.date_format(value, "d-m-Y")
        if isinstance(model_field, models.TimeField):
            return formats.time_format(value, "H:i")
        if isinstance(model_field, models.JSONField) and isinstance(value, list):
            labels = dict(ExternalHelp.choices)
            return ", ".join(str(labels.get(item, item)) for item in value) or "—"
        return str(value)


def _tracked_fields(model: type[models.Model], parent_field: str) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and f.name != parent_field
    ]


def _history_of(sources: Iterable[_Source]) -> list[HistoryEntry]:
    """The history of every source, newest first: all rows are read first, so that the
    related objects they name are fetched in one query per kind."""
    labels = _Labels()
    loaded = [(source, *_load_history(source, labels)) for source in sources]
    labels.load()

    entries: list[HistoryEntry] = []
    for source, rows, m2m_sets in loaded:
        entries.extend(_entries_of(source, rows, m2m_sets, labels))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _load_history(source: _Source, labels: _Labels) -> tuple[list, dict[int, dict[str, set]]]:
    """The history rows of one source and, per row, the sets its many-to-many fields held;
    every related object they name is asked of `labels`."""
    history_model = _history_model(source.model)
    rows = list(
        history_model.objects.filter(source.filter)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    m2m_sets: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for m2m in source.model._meta.many_to_many:
        if m2m not in history_model._history_m2m_fields:
            continue
        target = m2m.m2m_reverse_field_name()
        through_rows = _m2m_history_model(source.model, m2m).objects.filter(
            history__in=[row.history_id for row in rows]
        )
        for history_id, value in through_rows.values_list("history_id", f"{target}_id"):
            m2m_sets[history_id][m2m.name].add(value)
            labels.want(m2m.related_model, value)
    for row in rows:
        for model_field in _tracked_fields(source.model, source.parent_field):
            if model_field.is_relation:
                labels.want(model_field.related_model, getattr(row, model_field.attname))
    return rows, m2m_sets


def _entries_of(
    source: _Source, rows: list, m2m_sets: dict[int, dict[str, set]], labels: _Labels
) -> list[HistoryEntry]:
    """One entry per row of one source's history: its creation, deletion or changes."""
    fields = _tracked_fields(source.model, source.parent_field)
    m2m_fields = [
        m2m
        for m2m in source.model._meta.many_to_many
        if m2m in _history_model(source.model)._history_m2m_fields
    ]
    entries: list[HistoryEntry] = []
    previous = None
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        changes = _field_changes(fields, row, previous, labels) + _m2m_changes(
            m2m_fields, m2m_sets, row, previous, labels
        )
        if changes or row.history_type != "~":
            entries.append(
                HistoryEntry(
                    at=row.history_date,
                    user=row.history_user,
                    kind=row.history_type,
                    what=str(source.model._meta.verbose_name),
                    number=row.id,
                    changes=changes,
                )
            )
        previous = row
    return entries


def _field_changes(
    fields: list[models.Field], row: Any, previous: Any, labels: _Labels
) -> list[FieldChange]:
    """The fields `row` changed since `previous` (the row before, None for the first)."""
    changes = []
    for model_field in fields:
        new = getattr(row, model_field.attname)
        old = getattr(previous, model_field.attname) if previous is not None else None
        if previous is None and row.history_type == "+" and new in (None, "", [], False):
            continue
        if previous is not None and old == new:
            continue
        if row.history_type == "-":
            continue
        changes.append(
            FieldChange(
                label=str(model_field.verbose_name),
                old="" if previous is None else labels.value(model_field, old),
                new=labels.value(model_field, new),
            )
        )
    return changes


def _m2m_changes(
    m2m_fields: list[models.ManyToManyField],
    m2m_sets: dict[int, dict[str, set]],
    row: Any,
    previous: Any,
    labels: _Labels,
) -> list[FieldChange]:
    """The many-to-many fields `row` changed since `previous`."""
    changes = []
    for m2m in m2m_fields:
        new_set = m2m_sets[row.history_id][m2m.name]
        old_set = m2m_sets[previous.history_id][m2m.name] if previous is not None else set()
        if new_set == old_set or row.history_type == "-":
            continue
        changes.append(
            FieldChange(
                label=str(m2m.verbose_name),
                old=_names(labels, m2m.related_model, old_set) if previous else "",
                new=_names(labels, m2m.related_model, new_set),
            )
        )
    return changes


def _names(labels: _Labels, related: type[models.Model], values: set) -> str:
    return ", ".join(sorted(labels.related(related, value) for value in values)) or "—"


def incident_history(incident: Incident) -> list[HistoryEntry]:
    """Every saved change of the incident, its pupils, its attachments and its reviews,
    newest first."""
    return _history_of(
        [
            _Source(Incident, Q(id=incident.pk), parent_field=""),
            _Source(Involvement, Q(incident_id=incident.pk), parent_field="incident"),
            _Source(Attachment, Q(incident_id=incident.pk), parent_field="incident"),
            # The weekly review (§11.1): who marked it reviewed, and when.
            _Source(IncidentReview, Q(incident_id=incident.pk), parent_field="incident"),
        ]
    )


def case_history(case: Case) -> list[HistoryEntry]:
    """Every saved change of the case and of everything recorded on it, newest first."""
    plans = _history_model(ActionPlan).objects.filter(case_id=case.pk).values("id")
    return _history_of(
        [
            _Source(Case, Q(id=case.pk), parent_field=""),
            *(_Source(model, Q(case_id=case.pk), parent_field="case") for model in CASE_RECORDS),
            _Source(ActionPlanItem, Q(plan_id__in=plans), parent_field="plan"),
        ]
    )


# --- Access log ------------------------------------------------------------------------------


def _access_q(*, incidents: Iterable[int] = (), cases: Iterable[int] = ()) -> Q:
    return Q(object_type=AccessObject.INCIDENT, object_id__in=list(incidents)) | Q(
        object_type=AccessObject.CASE, object_id__in=list(cases)
    )


def _in_period(
    accesses: QuerySet, date_from: datetime.date | None, date_to: datetime.date | None
) -> QuerySet:
    # Whole days in the school's time zone, both ends included.
    if date_from is not None:
        accesses = accesses.filter(at__date__gte=date_from)
    if date_to is not None:
        accesses = accesses.filter(at__date__lte=date_to)
    return accesses


def access_log_of_incident(
    incident: Incident,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    accesses = AccessLog.objects.filter(_access_q(incidents=[incident.pk]))
    return _in_period(accesses, date_from, date_to).select_related("user")


def access_log_of_case(
    case: Case,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """Accesses to the case, its PDFs and the incidents that belong to it now."""
    incident_ids = Incident.objects.filter(case=case).values_list("pk", flat=True)
    accesses = AccessLog.objects.filter(
        Q(object_type=AccessObject.CASE, object_id=case.pk)
        | Q(object_type=AccessObject.INCIDENT, object_id__in=incident_ids)
    )
    return _in_period(accesses, date_from, date_to).select_related("user")


@dataclass(frozen=True)
class Visitor:
    user: User
    count: int
    first: datetime.datetime
    last: datetime.datetime


def access_visitors(accesses: QuerySet[AccessLog]) -> list[Visitor]:
    """Who opened it in the period: one line per person, with how often, first and last."""
    per_user = (
        accesses.order_by()
        .values("user")
        .annotate(count=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("-last")
    )
    rows = list(per_user)
    users = User.objects.in_bulk([row["user"] for row in rows])
    return [
        Visitor(user=users[row["user"]], count=row["count"], first=row["first"], last=row["last"])
        for row in rows
    ]
