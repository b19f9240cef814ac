"""Import of pupils from the student administration's CSV export.

Reading the file and working out what would change are pure: bytes in, dataclasses out, and
the diff only reads model instances loaded beforehand. `pupils_import` re-plans and applies
inside one transaction, so a preview that has gone stale can never be applied as it was.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from cases.models import Incident, Pupil, School, SchoolGroup
from cases.visibility.permissions import visibility_sync

logger = logging.getLogger(__name__)

COLUMN_STUDENT_NUMBER = "leerlingnummer"
COLUMN_FIRST_NAME = "voornaam"
COLUMN_INFIX = "tussenvoegsel"
COLUMN_LAST_NAME = "achternaam"
COLUMN_GROUP = "groep"
REQUIRED_COLUMNS = (
    COLUMN_STUDENT_NUMBER,
    COLUMN_FIRST_NAME,
    COLUMN_INFIX,
    COLUMN_LAST_NAME,
    COLUMN_GROUP,
)

STUDENT_NUMBER_MAX_LENGTH: int = Pupil._meta.get_field("student_number").max_length
# Column -> the longest value the model can hold.
MAX_LENGTHS: dict[str, int] = {
    COLUMN_STUDENT_NUMBER: STUDENT_NUMBER_MAX_LENGTH,
    COLUMN_FIRST_NAME: Pupil._meta.get_field("first_name").max_length,
    COLUMN_INFIX: Pupil._meta.get_field("infix").max_length,
    COLUMN_LAST_NAME: Pupil._meta.get_field("last_name").max_length,
}
# Letters and digits only: anything else is usually a spreadsheet mangling the number
# ("1,23E+05", "12345.0") and would silently create a second pupil next time.
STUDENT_NUMBER_RE = re.compile(r"^[0-9A-Za-z]+$")

# "5", "groep 5", "Groep 1/2a", "1/2 A", "gr. 7b", "groep 3-4": a primary school has groepen 1-8.
GROUP_RE = re.compile(r"^(?:groep|gr\.?)?\s*(\d{1,2})(?:\s*[/-]\s*(\d{1,2}))?\s*([a-z])?$")
FIRST_GROUP, LAST_GROUP = 1, 8

# A share of the active pupils above which a missing part of the list is more likely than an
# exodus (for instance the export of one group instead of the whole school).
MANY_LEAVING_SHARE = 0.5
MANY_LEAVING_MIN_PUPILS = 10

_VALUE_SHOWN_MAX = 40


# --- Results of reading and planning -------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """A problem that stops the import. `row` is the spreadsheet row (the header is row 1);
    None for a problem with the file as a whole."""

    code: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class PupilRow:
    row: int
    student_number: str
    first_name: str
    infix: str
    last_name: str
    group_name: str  # normalised, e.g. "groep 1/2a"

    @property
    def full_name(self) -> str:
        return _full_name(self.first_name, self.infix, self.last_name)


@dataclass(frozen=True)
class ParsedFile:
    rows: list[PupilRow]
    errors: list[ImportIssue]
    encoding: str = ""
    delimiter: str = ""


@dataclass(frozen=True)
class PlannedPupil:
    student_number: str
    name: str
    group: str


@dataclass(frozen=True)
class PlannedMove:
    student_number: str
    name: str
    from_group: str
    to_group: str


@dataclass(frozen=True)
class PlannedRename:
    student_number: str
    old_name: str
    new_name: str
    group: str


@dataclass
class ImportPlan:
    school_id: int
    rows: list[PupilRow]
    errors: list[ImportIssue] = field(default_factory=list)
    new: list[PlannedPupil] = field(default_factory=list)
    moved: list[PlannedMove] = field(default_factory=list)
    renamed: list[PlannedRename] = field(default_factory=list)
    returning: list[PlannedPupil] = field(default_factory=list)
    leaving: list[PlannedPupil] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return any(
            (self.new, self.moved, self.renamed, self.returning, self.leaving, self.new_groups)
        )

    def summary_lines(self, *, changes_only: bool = False) -> list[str]:
        return _summary_lines(
            changes_only=changes_only,
            new=len(self.new),
            moved=len(self.moved),
            renamed=len(self.renamed),
            returning=len(self.returning),
            leaving=len(self.leaving),
            new_groups=len(self.new_groups),
            unchanged=self.unchanged,
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    moved: int
    renamed: int
    returned: int
    left: int
    groups_created: int
    unchanged: int
    plan: ImportPlan

    def summary_lines(self, *, changes_only: bool = False) -> list[str]:
        return self.plan.summary_lines(changes_only=changes_only)


class PupilImportError(Exception):
    """The file cannot be imported; `errors` holds every problem found, not only the first."""

    def __init__(self, errors: Sequence[ImportIssue]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


# --- Reading the file -------------------------------------------------------------------------


def normalise_group_name(value: str) -> str | None:
    """The school's spelling of a group ("groep 5", "groep 1/2a"), or None if unrecognised."""
    text = " ".join(value.split()).lower()
    match = GROUP_RE.match(text)
    if match is None:
        return None
    first, second, letter = match.groups()
    numbers = [int(first)] + ([int(second)] if second else [])
    if not all(FIRST_GROUP <= number <= LAST_GROUP for number in numbers):
        return None
    if len(numbers) == 2 and numbers[1] <= numbers[0]:
        return None
    return "groep " + "/".join(str(number) for number in numbers) + (letter or "")


def parse_pupil_csv(content: bytes) -> ParsedFile:
    """Read an export into rows, or collect every problem that stops the import."""
    if not content.strip():
        return _file_error("empty", _("The file is empty. Choose the export with the pupil list."))
    if content.startswith(b"PK\x03\x04") or b"\x00" in content:
        # A zip (xlsx, ods) or an UTF-16 / binary file: not something csv can read.
        return _file_error(
            "not_csv",
            _(
                "This is not a CSV file. Save the pupil list as CSV (separated by semicolons "
                "or commas) in your spreadsheet program and upload that file."
            ),
        )
    text, encoding = _decode(content)
    if text is None:
        return _file_error(
            "encoding",
            _("The file's characters cannot be read. Save the pupil list as CSV (UTF-8)."),
        )

    delimiter = _detect_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return _file_error(
            "unreadable",
            _("The file cannot be read as CSV (%(reason)s). Export the pupil list again.")
            % {"reason": exc},
        )

    # Spreadsheet rows: every record counts, including empty ones, so that row numbers match
    # what the user sees when opening the file.
    filled = [
        (number, record) for number, record in enumerate(records, start=1) if not _is_blank(record)
    ]
    if not filled:
        return _file_error("empty", _("The file is empty. Choose the export with the pupil list."))

    _header_row, header = filled[0]
    columns, header_errors = _read_header(header)
    if header_errors:
        return ParsedFile(rows=[], errors=header_errors, encoding=encoding, delimiter=delimiter)

    data = filled[1:]
    if not data:
        return _file_error(
            "no_pupils",
            _(
                "The file only contains the header row and no pupils. "
                "Export the list again with all pupils."
            ),
            encoding=encoding,
            delimiter=delimiter,
        )

    rows: list[PupilRow] = []
    errors: list[ImportIssue] = []
    first_row_of: dict[str, int] = {}
    for number, record in data:
        row, row_errors = _read_row(number, record, columns)
        errors.extend(row_errors)
        student_number = _cell(record, columns, COLUMN_STUDENT_NUMBER)
        if student_number:
            if student_number in first_row_of:
                errors.append(
                    ImportIssue(
                        code="duplicate_student_number",
                        row=number,
                        message=_(
                            "student number %(number)s is on both row %(first)d and row "
                            "%(second)d. Each pupil may appear only once; remove one of the rows."
                        )
                        % {
                            "number": _shown(student_number),
                            "first": first_row_of[student_number],
                            "second": number,
                        },
                    )
                )
            else:
                first_row_of[student_number] = number
        if row is not None:
            rows.append(row)

    if errors:
        return ParsedFile(rows=[], errors=errors, encoding=encoding, delimiter=delimiter)
    return ParsedFile(rows=rows, errors=[], encoding=encoding, delimiter=delimiter)


def _file_error(code: str, message: str, **kwargs: str) -> ParsedFile:
    return ParsedFile(rows=[], errors=[ImportIssue(code=code, message=message)], **kwargs)


def _decode(content: bytes) -> tuple[str | None, str]:
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, ""


def _detect_delimiter(text: str) -> str:
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _is_blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _header_key(name: str) -> str:
    return "".join(name.replace("\ufeff", "").split()).lower()


def _read_header(header: list[str]) -> tuple[dict[str, int], list[ImportIssue]]:
    columns: dict[str, int] = {}
    errors: list[ImportIssue] = []
    for position, name in enumerate(header):
        key = _header_key(name)
        if key not in REQUIRED_COLUMNS:
            continue  # the administration exports more than we need
        if key in columns:
            errors.append(
                ImportIssue(
                    code="duplicate_column",
                    message=_(
                        "The column “%(column)s” appears more than once in the header row. "
                        "Remove the extra column."
                    )
                    % {"column": key},
                )
            )
        else:
            columns[key] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        message = ngettext(
            "The column %(columns)s is missing from the first row of the file.",
            "The columns %(columns)s are missing from the first row of the file.",
            len(missing),
        ) % {"columns": ", ".join(f"“{column}”" for column in missing)}
        message += " " + _("The first row must name the columns %(columns)s (in any order).") % {
            "columns": ", ".join(REQUIRED_COLUMNS)
        }
        if len(header) == 1:
            message += " " + _("Separate the columns with semicolons or commas.")
        errors.insert(0, ImportIssue(code="missing_columns", message=message))
    return columns, errors


def _cell(record: list[str], columns: dict[str, int], column: str) -> str:
    position = columns[column]
    if position >= len(record):
        return ""
    return " ".join(record[position].split())


def _shown(value: str) -> str:
    return value if len(value) <= _VALUE_SHOWN_MAX else value[:_VALUE_SHOWN_MAX] + "…"


def _read_row(
    number: int, record: list[str], columns: dict[str, int]
) -> tuple[PupilRow | None, list[ImportIssue]]:
    values = {column: _cell(record, columns, column) for column in REQUIRED_COLUMNS}
    errors: list[ImportIssue] = []

    def error(code: str, message: str) -> None:
        errors.append(ImportIssue(code=code, row=number, message=message))

    student_number = values[COLUMN_STUDENT_NUMBER]
    if not student_number:
        error("missing_student_number", _("the student number is missing. Fill it in."))
    elif len(student_number) > STUDENT_NUMBER_MAX_LENGTH:
        error(
            "student_number_too_long",
            _("student number %(number)s is longer than %(max)d characters.")
            % {"number": _shown(student_number), "max": STUDENT_NUMBER_MAX_LENGTH},
        )
    elif not STUDENT_NUMBER_RE.match(student_number):
        error(
            "invalid_student_number",
            _(
                "student number “%(number)s” may contain only digits and letters. "
                "Check that the spreadsheet did not change it."
            )
            % {"number": _shown(student_number)},
        )

    if not values[COLUMN_FIRST_NAME]:
        error("missing_first_name", _("the first name is missing. Fill it in."))
    if not values[COLUMN_LAST_NAME]:
        error("missing_last_name", _("the last name is missing. Fill it in."))
    for column, label in (
        (COLUMN_FIRST_NAME, _("first name")),
        (COLUMN_INFIX, _("infix")),
        (COLUMN_LAST_NAME, _("last name")),
    ):
        if len(values[column]) > MAX_LENGTHS[column]:
            error(
                "too_long",
                _("the %(field)s “%(value)s” is longer than %(max)d characters. Shorten it.")
                % {"field": label, "value": _shown(values[column]), "max": MAX_LENGTHS[column]},
            )

    group_name = None
    if not values[COLUMN_GROUP]:
        error("missing_group", _("the group is missing. Fill in the pupil's group, e.g. 5."))
    else:
        group_name = normalise_group_name(values[COLUMN_GROUP])
        if group_name is None:
            error(
                "invalid_group",
                _(
                    "group “%(group)s” is not recognised. Use a group number from 1 to 8, "
                    "optionally with a letter, such as “groep 5” or “groep 1/2a”."
                )
                % {"group": _shown(values[COLUMN_GROUP])},
            )

    if errors or group_name is None:
        return None, errors
    return (
        PupilRow(
            row=number,
            student_number=student_number,
            first_name=values[COLUMN_FIRST_NAME],
            infix=values[COLUMN_INFIX],
            last_name=values[COLUMN_LAST_NAME],
            group_name=group_name,
        ),
        [],
    )


# --- Planning --------------------------------------------------------------------------------


def _full_name(first_name: str, infix: str, last_name: str) -> str:
    return " ".join(part for part in (first_name, infix, last_name) if part)


def _group_order(name: str) -> int:
    match = re.search(r"\d+", name)
    return int(match.group()) if match else 0


def _group_key(name: str) -> str:
    return normalise_group_name(name) or " ".join(name.split()).lower()


@dataclass
class _Changes:
    """What `pupils_import` writes; the model instances come from the planning query."""

    new_rows: list[PupilRow] = field(default_factory=list)
    updated: list[tuple[Pupil, PupilRow]] = field(default_factory=list)
    leaving: list[Pupil] = field(default_factory=list)
    new_group_names: list[str] = field(default_factory=list)
    existing_groups: dict[str, SchoolGroup] = field(default_factory=dict)


def _diff(
    *,
    school_id: int,
    rows: Sequence[PupilRow],
    pupils: Iterable[Pupil],
    groups: Iterable[SchoolGroup],
) -> tuple[ImportPlan, _Changes]:
    changes = _Changes()
    for group in sorted(groups, key=lambda g: (g.order, g.name, g.pk)):
        # An existing "Groep 5" is the file's "groep 5": never create a look-alike.
        changes.existing_groups.setdefault(_group_key(group.name), group)
    plan = ImportPlan(school_id=school_id, rows=list(rows))

    def group_label(key: str) -> str:
        existing = changes.existing_groups.get(key)
        return existing.name if existing else key

    by_number = {pupil.student_number: pupil for pupil in pupils}
    in_file: set[str] = set()
    for row in rows:
        in_file.add(row.student_number)
        target = changes.existing_groups.get(row.group_name)
        if target is None and row.group_name not in changes.new_group_names:
            changes.new_group_names.append(row.group_name)
        pupil = by_number.get(row.student_number)
        if pupil is None:
            changes.new_rows.append(row)
            plan.new.append(
                PlannedPupil(row.student_number, row.full_name, group_label(row.group_name))
            )
            continue

        renamed = (pupil.first_name, pupil.infix, pupil.last_name) != (
            row.first_name,
            row.infix,
            row.last_name,
        )
        moved = target is None or pupil.group_id != target.pk
        current_group = pupil.group.name if pupil.group else ""
        if pupil.left_on is not None:
            plan.returning.append(
                PlannedPupil(row.student_number, row.full_name, group_label(row.group_name))
            )
        elif moved:
            plan.moved.append(
                PlannedMove(
                    row.student_number,
                    row.full_name,
                    from_group=current_group,
                    to_group=group_label(row.group_name),
                )
            )
        if renamed:
            plan.renamed.append(
                PlannedRename(
                    row.student_number,
                    old_name=pupil.full_name,
                    new_name=row.full_name,
                    group=group_label(row.group_name),
                )
            )
        if pupil.left_on is not None or moved or renamed:
            changes.updated.append((pupil, row))
        else:
            plan.unchanged += 1

    active = [pupil for pupil in by_number.values() if pupil.left_on is None]
    for pupil in active:
        if pupil.student_number not in in_file:
            changes.leaving.append(pupil)
            plan.leaving.append(
                PlannedPupil(
                    pupil.student_number,
                    pupil.full_name,
                    pupil.group.name if pupil.group else "",
                )
            )

    changes.new_group_names.sort(key=lambda name: (_group_order(name), name))
    plan.new_groups = list(changes.new_group_names)
    _sort_plan(plan)
    if (
        len(active) >= MANY_LEAVING_MIN_PUPILS
        and len(plan.leaving) > len(active) * MANY_LEAVING_SHARE
    ):
        plan.warnings.append(
            _(
                "%(leaving)d of the %(active)d pupils at school are not in this file and will "
                "be marked as having left. Check that this is the complete pupil list of the "
                "whole school, not the list of one group."
            )
            % {"leaving": len(plan.leaving), "active": len(active)}
        )
    return plan, changes


def _sort_plan(plan: ImportPlan) -> None:
    def by_group(item: PlannedPupil) -> tuple:
        return (_group_order(item.group), item.group, item.name)

    plan.new.sort(key=by_group)
    plan.returning.sort(key=by_group)
    plan.leaving.sort(key=by_group)
    plan.moved.sort(key=lambda m: (_group_order(m.to_group), m.to_group, m.name))
    plan.renamed.sort(key=lambda r: r.new_name)


def _load(school: School) -> tuple[list[Pupil], list[SchoolGroup]]:
    groups = list(SchoolGroup.objects.filter(school=school))
    pupils = list(Pupil.objects.filter(school=school).select_related("group"))
    return pupils, groups


def plan_from_rows(*, school: School, parsed: ParsedFile) -> ImportPlan:
    if parsed.errors:
        return ImportPlan(school_id=school.pk, rows=[], errors=list(parsed.errors))
    pupils, groups = _load(school)
    plan, _changes = _diff(school_id=school.pk, rows=parsed.rows, pupils=pupils, groups=groups)
    return plan


def pupils_import_preview(*, school: School, content: bytes) -> ImportPlan:
    """What importing `content` would change now; writes nothing."""
    return plan_from_rows(school=school, parsed=parse_pupil_csv(content))


# --- Applying --------------------------------------------------------------------------------


@transaction.atomic
def pupils_import(
    *,
    school: School,
    content: bytes | None = None,
    plan: ImportPlan | None = None,
    imported_by: User | None,
) -> ImportResult:
    """Bring the school's pupils in line with an export, all or nothing.

    Takes the raw file or a plan made earlier; either way the diff is made again here, against
    the database as it is inside the transaction. Pupils are never deleted: those missing from
    the export get `left_on` today, and come back when they reappear.
    """
    if (content is None) == (plan is None):
        raise TypeError("pupils_import needs exactly one of content or plan")
    if plan is not None:
        if plan.school_id != school.pk:
            raise ValueError("the plan was made for another school")
        parsed = ParsedFile(rows=plan.rows, errors=plan.errors)
    else:
        parsed = parse_pupil_csv(content)
    if parsed.errors:
        raise PupilImportError(parsed.errors)

    # One import at a time per school: the lock makes a second import wait and then diff
    # against what the first one wrote.
    School.objects.select_for_update().filter(pk=school.pk).exists()
    pupils, groups = _load(school)
    fresh_plan, changes = _diff(school_id=school.pk, rows=parsed.rows, pupils=pupils, groups=groups)
    today = timezone.localdate()

    group_by_key = dict(changes.existing_groups)
    if changes.new_group_names:
        created = SchoolGroup.objects.bulk_create(
            [
                SchoolGroup(school=school, name=name, order=_group_order(name))
                for name in changes.new_group_names
            ]
        )
        if any(group.pk is None for group in created):  # backends without RETURNING
            created = list(
                SchoolGroup.objects.filter(school=school, name__in=changes.new_group_names)
            )
        group_by_key.update({group.name: group for group in created})

    Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                student_number=row.student_number,
                first_name=row.first_name,
                infix=row.infix,
                last_name=row.last_name,
                group=group_by_key[row.group_name],
            )
            for row in changes.new_rows
        ]
    )

    to_update: list[Pupil] = []
    moved_pupil_ids: list[int] = []
    for pupil, row in changes.updated:
        pupil.first_name = row.first_name
        pupil.infix = row.infix
        pupil.last_name = row.last_name
        if pupil.group_id != group_by_key[row.group_name].pk:
            moved_pupil_ids.append(pupil.pk)
        pupil.group = group_by_key[row.group_name]
        pupil.left_on = None
        to_update.append(pupil)
    for pupil in changes.leaving:
        pupil.left_on = today
        to_update.append(pupil)
    if to_update:
        Pupil.objects.bulk_update(
            to_update, ["first_name", "infix", "last_name", "group", "left_on"]
        )
    if moved_pupil_ids:
        # Visibility follows the pupil's group (see cases.visibility.permissions).
        visibility_sync(
            incidents=Incident.objects.filter(involvements__pupil_id__in=moved_pupil_ids)
        )

    result = ImportResult(
        created=len(changes.new_rows),
        moved=len(fresh_plan.moved),
        renamed=len(fresh_plan.renamed),
        returned=len(fresh_plan.returning),
        left=len(changes.leaving),
        groups_created=len(changes.new_group_names),
        unchanged=fresh_plan.unchanged,
        plan=fresh_plan,
    )
    # Counts only: pupils' names stay out of the logs.
    logger.info(
        "Pupil import for school %s by user %s: %d new, %d moved, %d renamed, %d returned, "
        "%d left, %d groups created, %d unchanged",
        school.pk,
        imported_by.pk if imported_by else None,
        result.created,
        result.moved,
        result.renamed,
        result.returned,
        result.left,
        result.groups_created,
        result.unchanged,
    )
    return result


# --- Texts shared by the screen and the command ----------------------------------------------


def _summary_lines(
    *,
    changes_only: bool,
    new: int,
    moved: int,
    renamed: int,
    returning: int,
    leaving: int,
    new_groups: int,
    unchanged: int,
) -> list[str]:
    changes = [
        (new, ngettext("%(count)d new pupil", "%(count)d new pupils", new)),
        (
            moved,
            ngettext(
                "%(count)d pupil moves to another group",
                "%(count)d pupils move to another group",
                moved,
            ),
        ),
        (renamed, ngettext("%(count)d name changed", "%(count)d names changed", renamed)),
        (
            returning,
            ngettext(
                "%(count)d pupil returns to school", "%(count)d pupils return to school", returning
            ),
        ),
        (
            leaving,
            ngettext(
                "%(count)d pupil has left school (kept, marked as left)",
                "%(count)d pupils have left school (kept, marked as left)",
                leaving,
            ),
        ),
        (new_groups, ngettext("%(count)d new group", "%(count)d new groups", new_groups)),
    ]
    if not changes_only:
        changes.append(
            (
                unchanged,
                ngettext("%(count)d pupil unchanged", "%(count)d pupils unchanged", unchanged),
            )
        )
    return [text % {"count": count} for count, text in changes if count or not changes_only]
