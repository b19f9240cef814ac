"""The incident list as CSV, for analysis in a spreadsheet.

The same columns as the list (what happened is not in it, only who, when, where and how),
read through the same selector, so an export never holds more than its reader may see.

The file is streamed: the incidents are read as plain values in chunks of `CHUNK` rows, each
chunk's pupils and forms with one query each, and written out chunk by chunk; no model
instance is built and memory stays the same however many incidents there are. Everything
that depends on the request (the language, the time zone) is read before the first byte is
sent, because the rows are written after the view has returned.
"""

import csv
import io
from collections import defaultdict
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
)


def _cell(value: object) -> str:
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


def _pupils_of(ids: list[int], labels: _Labels) -> tuple[dict, dict]:
    """Per incident: "name (role)" of each pupil in the list's order, and the group names."""
    pupils: dict[int, list[str]] = defaultdict(list)
    groups: dict[int, set[str]] = defaultdict(set)
    rows = (
        Involvement.objects.filter(incident_id__in=ids)
        .order_by("pupil__group__order", "pupil__first_name", "pupil__last_name", "pk")
        .values_list(
            "incident_id",
            "role",
            "pupil__first_name",
            "pupil__infix",
            "pupil__last_name",
            "pupil__group__name",
        )
    )
    for incident_id, role, first, infix, last, group in rows:
        name = " ".join(part for part in (first, infix, last) if part)
        pupils[incident_id].append(f"{name} ({labels.role.get(role, role)})")
        if group:
            groups[incident_id].add(group)
    return pupils, groups


def _forms_of(ids: list[int]) -> dict[int, list[str]]:
    forms: dict[int, list[str]] = defaultdict(list)
    through = Incident.forms.through.objects.filter(incident_id__in=ids).order_by(
        "bullyingform__order", "bullyingform__pk"
    )
    for incident_id, name in through.values_list("incident_id", "bullyingform__name"):
        forms[incident_id].append(name)
    return forms


def _date(day: date) -> str:
    return f"{day.day:02}-{day.month:02}-{day.year}"


def _moment(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local.day:02}-{local.month:02}-{local.year} {local.hour:02}:{local.minute:02}"


def _rows(chunk: list[tuple], labels: _Labels) -> Iterator[tuple]:
    """The rows of a chunk. Numbers, dates and the protocol's own words cannot start a
    formula; what people typed (names, groups, forms) goes through `_cell`."""
    ids = [row[0] for row in chunk]
    pupils, groups = _pupils_of(ids, labels)
    forms = _forms_of(ids)
    for pk, on, time, where, classification, severity, reported, registered, *by in chunk:
        first, last, username = by
        yield (
            pk,
            _date(on),
            f"{time.hour:02}:{time.minute:02}" if time else "",
            _cell(labels.location.get(where, where)),
            _cell(", ".join(pupils.get(pk, ()))),
            _cell(", ".join(sorted(groups.get(pk, ())))),
            _cell(", ".join(forms.get(pk, ()))),
            _cell(labels.classification.get(classification, classification)),
            _cell(labels.severity.get(severity, severity)),
            _moment(reported, labels.tz),
            _moment(registered, labels.tz),
            labels.yes if registered - reported > REGISTRATION_WINDOW else labels.no,
            _cell(f"{first} {last}".strip() or username),
        )


def incidents_csv_chunks(incidents: IncidentQuerySet) -> Callable[[], Iterator[bytes]]:
    """The CSV file of `incidents` (already visible and ordered), as a function that writes
    it in pieces. Semicolons and a byte order mark: what a Dutch spreadsheet program opens
    as columns."""
    labels = _Labels()

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(labels.header)
        rows = incidents.values_list(*_INCIDENT_FIELDS).iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            writer.writerows(_rows(chunk, labels))
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
