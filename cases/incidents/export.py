"""The incident list as CSV, for analysis in a spreadsheet.

The same columns as the list (what happened is not in it, only who, when, where and how),
read through the same selector, so an export never holds more than its reader may see.

The file is streamed: the incidents, their pupils and their forms are read as plain values by
three streamed queries in the same order (the list's), merged row by row and written out
`CHUNK` rows at a time; no model instance is built, and memory and the number of queries
stay the same however many incidents there are. Everything
that depends on the request (the language, the time zone) is read before the first byte is
sent, because the rows are written after the view has returned.
"""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, tzinfo
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    REGISTRATION_WINDOW,
    Classification,
    Incident,
    IncidentQuerySet,
    Involvement,
    InvolvementRole,
    Location,
    Severity,
)

# A cell a spreadsheet would run as a formula (CSV injection) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000

_INCIDENT_FIELDS = (
    "pk",
    "occurred_on",
    "occurred_time",
    "location",
    "classification",
    "severity",
    "reported_at",
    "registered_at",
    "registered_by__first_name",
    "registered_by__last_name",
    "registered_by__username",
    "follow_up_note",
)


def spreadsheet_safe(value: object) -> str:
    """The value as CSV text that no spreadsheet runs as a formula (a leading quote)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _header() -> list[str]:
    return [
        _("Number"),
        _("Date"),
        _("Time"),
        _("Where"),
        _("Pupils involved"),
        _("Groups"),
        _("Forms"),
        _("Classification"),
        _("Severity"),
        _("Reported at"),
        _("Registered at"),
        _("Registered late"),
        _("Registered by"),
        _("Follow-up"),
    ]


class _Labels:
    """The translated words of the file, read once, in the language of the request."""

    def __init__(self) -> None:
        self.location = {key: str(label) for key, label in Location.choices}
        self.classification = {key: str(label) for key, label in Classification.choices}
        self.severity = {key: str(label) for key, label in Severity.choices}
        self.role = {key: str(label).lower() for key, label in InvolvementRole.choices}
        self.yes, self.no = _("yes"), _("no")
        self.header = _header()
        self.tz: tzinfo = timezone.get_current_timezone()


class _Attached:
    """What belongs to each incident (its pupils, its forms), read in the incidents' own
    order in one streamed query, and handed out incident by incident as the export reaches
    it: no list of ids, no lookup table, the same three queries for any number of rows."""

    def __init__(self, rows: Iterator[tuple]) -> None:
        self._rows = rows
        self._next = next(self._rows, None)

    def of(self, incident_id: int) -> list[tuple]:
        taken = []
        while self._next is not None and self._next[0] == incident_id:
            taken.append(self._next[1:])
            self._next = next(self._rows, None)
        return taken


def _in_order_of(incidents: IncidentQuerySet, queryset, *then: str) -> Iterator[tuple]:
    """Rows of `queryset` (which has an `incident` foreign key) for the incidents of
    `incidents`, in the incidents' order, then by `then`."""
    order = [
        f"-incident__{field[1:]}" if field.startswith("-") else f"incident__{field}"
        for field in incidents.query.order_by
    ]
    order = [field.replace("incident__pk", "incident_id") for field in order]
    return queryset.filter(incident__in=incidents.order_by().values("pk")).order_by(*order, *then)


def _pupils(incidents: IncidentQuerySet) -> _Attached:
    rows = _in_order_of(
        incidents,
        Involvement.objects.all(),
        "pupil__group__order",
        "pupil__first_name",
        "pupil__last_name",
        "pk",
    ).values_list(
        "incident_id",
        "role",
        "pupil__first_name",
        "pupil__infix",
        "pupil__last_name",
        "pupil__group__name",
    )
    return _Attached(rows.iterator(chunk_size=CHUNK))


def _forms(incidents: IncidentQuerySet) -> _Attached:
    rows = _in_order_of(
        incidents, Incident.forms.through.objects.all(), "bullyingform__order", "bullyingform__pk"
    ).values_list("incident_id", "bullyingform__name")
    return _Attached(rows.iterator(chunk_size=CHUNK))


def _date(day: date) -> str:
    return f"{day.day:02}-{day.month:02}-{day.year}"


def _moment(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.day:02}-{local.month:02}-{local.year} {local.hour:02}:{local.minute:02}"


def _rows(incidents: IncidentQuerySet, labels: _Labels) -> Iterator[tuple]:
    """The rows, in the list's order. Numbers, dates and the protocol's own words cannot
    start a formula; what people typed (names, groups, forms) goes through `_cell`."""
    pupils, forms = _pupils(incidents), _forms(incidents)
    rows = incidents.values_list(*_INCIDENT_FIELDS).iterator(chunk_size=CHUNK)
    for pk, on, time, where, classification, severity, reported, registered, *by in rows:
        first, last, username, follow_up = by
        names, groups = [], set()
        for role, first_name, infix, last_name, group in pupils.of(pk):
            name = " ".join(part for part in (first_name, infix, last_name) if part)
            names.append(f"{name} ({labels.role.get(role, role)})")
            if group:
                groups.add(group)
        yield (
            pk,
            _date(on),
            f"{time.hour:02}:{time.minute:02}" if time else "",
            spreadsheet_safe(labels.location.get(where, where)),
            spreadsheet_safe(", ".join(names)),
            spreadsheet_safe(", ".join(sorted(groups))),
            spreadsheet_safe(", ".join(name for (name,) in forms.of(pk))),
            spreadsheet_safe(labels.classification.get(classification, classification)),
            spreadsheet_safe(labels.severity.get(severity, severity)),
            _moment(reported, labels.tz),
            _moment(registered, labels.tz),
            labels.yes if registered - reported > REGISTRATION_WINDOW else labels.no,
            spreadsheet_safe(f"{first} {last}".strip() or username),
            spreadsheet_safe(follow_up),
        )


def incidents_csv_chunks(incidents: IncidentQuerySet) -> Callable[[], Iterator[bytes]]:
    """The CSV file of `incidents` (already visible and ordered), as a function that writes
    it in pieces. Semicolons and a byte order mark: what a Dutch spreadsheet program opens
    as columns."""
    labels = _Labels()
    # The rows and what belongs to them are merged by their order, which must be total.
    order = list(incidents.query.order_by or Incident._meta.ordering)
    if not {field.lstrip("-") for field in order} & {"pk", "id"}:
        order.append("-pk")
    incidents = incidents.order_by(*order)

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(labels.header)
        rows = _rows(incidents, labels)
        while chunk := list(islice(rows, CHUNK)):
            writer.writerows(chunk)
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue().encode("utf-8")

    return chunks


def incidents_csv(incidents: IncidentQuerySet) -> str:
    """The whole file as one string (for small lists and tests)."""
    return b"".join(incidents_csv_chunks(incidents)()).decode("utf-8")


class StreamedDownload(StreamingHttpResponse):
    """A streamed file that can still be read whole as `content`: that writes it a second
    time, from the start (a plain streamed response cannot be read twice)."""

    def __init__(self, write: Callable[[], Iterator[bytes]], **kwargs: Any) -> None:
        super().__init__(write(), **kwargs)
        self._write = write

    @property
    def content(self) -> bytes:  # type: ignore[override]
        return b"".join(self._write())


__all__ = ["StreamedDownload", "incidents_csv", "incidents_csv_chunks"]
