"""The incident list as CSV, for analysis in a spreadsheet.

The same columns as the list (what happened is not in it, only who, when, where and how),
read through the same selector, so an export never holds more than its reader may see.
"""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Incident

# A cell a spreadsheet would run as a formula (CSV injection) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def incidents_csv(incidents: Iterable[Incident]) -> str:
    """Semicolons and a byte order mark: what a Dutch spreadsheet program opens as columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
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
    )
    for incident in incidents:
        involvements = list(incident.involvements.all())
        groups = sorted({i.pupil.group.name for i in involvements if i.pupil.group})
        writer.writerow(
            _cell(value)
            for value in (
                incident.pk,
                incident.occurred_on.strftime("%d-%m-%Y"),
                incident.occurred_time.strftime("%H:%M") if incident.occurred_time else "",
                incident.get_location_display(),
                ", ".join(
                    f"{i.pupil.full_name} ({i.get_role_display().lower()})" for i in involvements
                ),
                ", ".join(groups),
                ", ".join(form.name for form in incident.forms.all()),
                incident.get_classification_display(),
                incident.get_severity_display(),
                timezone.localtime(incident.reported_at).strftime("%d-%m-%Y %H:%M"),
                timezone.localtime(incident.registered_at).strftime("%d-%m-%Y %H:%M"),
                _("yes") if incident.is_late else _("no"),
                incident.registered_by,
                incident.follow_up_note,
            )
        )
    return "\ufeff" + buffer.getvalue()
