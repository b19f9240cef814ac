"""Reading monitor results from a CSV: one row per group, Dutch column names.

Columns: `groep` (a group's name; empty or "school" for the whole school), `datum`
(dd-mm-jjjj), `instrument` (as named in the list of instruments), `veilig` (the percentage of
pupils who feel safe), optionally `deelnemers` and `notitie`. Every other column with a name
is a sub-score (a percentage). Every row is checked before anything is saved, and every
problem is reported with its line number.
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from cases.models import SchoolGroup
from reporting.monitor.models import MonitorInstrument

MAX_BYTES = 1_000_000
MAX_ROWS = 500
KNOWN = {"groep", "datum", "instrument", "veilig", "deelnemers", "notitie"}
REQUIRED = ("groep", "datum", "instrument", "veilig")


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _percent(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip().rstrip("%").strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() and 0 <= number <= 100 else None


def _date(value: str) -> datetime.date | None:
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def read_monitor_csv(data: bytes) -> tuple[list[dict], list[str]]:
    """The rows as keyword arguments for `monitor_result_create`, or the problems found."""
    if len(data) > MAX_BYTES:
        return [], [_("The file is larger than 1 MB. Is it the right file?")]
    text = _text(data)
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        return [], [
            _(
                "The file lacks the column(s) %(columns)s. The first line names the columns: "
                "%(all)s."
            )
            % {
                "columns": ", ".join(missing),
                "all": "groep;datum;instrument;veilig;deelnemers;notitie",
            }
        ]
    groups = {group.name.lower(): group for group in SchoolGroup.objects.all()}
    instruments = {i.name.lower(): i for i in MonitorInstrument.objects.filter(is_active=True)}
    rows, problems = [], []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            problems.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        if None in raw:  # more cells than columns
            raw.pop(None)
        cells = {k.strip(): (v or "").strip() for k, v in raw.items() if k and k.strip()}
        if not any(cells.values()):
            continue
        row, row_problems = _row(cells, groups, instruments)
        if row_problems:
            problems.append(
                _("Line %(line)s: %(problems)s")
                % {"line": line, "problems": " ".join(row_problems)}
            )
        else:
            rows.append({"line": line, **row})
    if not rows and not problems:
        problems.append(_("The file holds no results."))
    return rows, problems


def _row(cells: dict, groups: dict, instruments: dict) -> tuple[dict, list[str]]:
    problems = []
    values = {name.lower(): value for name, value in cells.items()}
    group_name = values.get("groep", "")
    group = None
    if group_name and group_name.lower() != "school":
        group = groups.get(group_name.lower())
        if group is None:
            problems.append(_("there is no group “%(name)s”.") % {"name": group_name})
    measured_on = _date(values.get("datum", ""))
    if measured_on is None:
        problems.append(_("the date is not a date like 15-03-2027."))
    instrument = instruments.get(values.get("instrument", "").lower())
    if instrument is None:
        problems.append(
            _("the instrument “%(name)s” is not in the list of instruments.")
            % {"name": values.get("instrument", "")}
        )
    feel_safe = _percent(values.get("veilig", ""))
    if feel_safe is None:
        problems.append(_("“veilig” must be a percentage from 0 to 100."))
    respondents = None
    if values.get("deelnemers"):
        if not values["deelnemers"].isdigit():
            problems.append(_("“deelnemers” must be a whole number."))
        else:
            respondents = int(values["deelnemers"])
    sub_scores = {}
    for name, value in cells.items():
        if name.lower() in KNOWN or not value:
            continue
        score = _percent(value)
        if score is None:
            problems.append(_("“%(name)s” must be a percentage from 0 to 100.") % {"name": name})
        else:
            sub_scores[name] = float(score)
    row = {
        "group": group,
        "measured_on": measured_on,
        "instrument": instrument,
        "feel_safe_percent": feel_safe,
        "respondents": respondents,
        "sub_scores": sub_scores,
        "note": values.get("notitie", ""),
    }
    return row, problems
