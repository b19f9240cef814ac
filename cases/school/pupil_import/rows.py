"""The rows of the export: the columns we read, and every check on a row, reported with the
spreadsheet's row number and a Dutch reason the user can act on."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from cases.models import Pupil
from cases.school.pupil_import.results import ImportIssue, PupilRow

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

_VALUE_SHOWN_MAX = 40

# A spreadsheet row: its number (the header is row 1) and its cells.
Record = tuple[int, list[str]]


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


def read_rows(
    data: Sequence[Record], columns: dict[str, int]
) -> tuple[list[PupilRow], list[ImportIssue]]:
    """Every pupil row, or every problem found in them (a student number twice included)."""
    rows: list[PupilRow] = []
    errors: list[ImportIssue] = []
    first_row_of: dict[str, int] = {}
    for number, record in data:
        row, row_errors = _read_row(number, record, columns)
        errors.extend(row_errors)
        student_number = _cell(record, columns, COLUMN_STUDENT_NUMBER)
        if student_number:
            if student_number in first_row_of:
                errors.append(_duplicate(student_number, first_row_of[student_number], number))
            else:
                first_row_of[student_number] = number
        if row is not None:
            rows.append(row)
    return rows, errors


def _duplicate(student_number: str, first: int, second: int) -> ImportIssue:
    return ImportIssue(
        code="duplicate_student_number",
        row=second,
        message=_(
            "student number %(number)s is on both row %(first)d and row "
            "%(second)d. Each pupil may appear only once; remove one of the rows."
        )
        % {"number": _shown(student_number), "first": first, "second": second},
    )


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
    problems = _student_number_problems(values[COLUMN_STUDENT_NUMBER]) + _name_problems(values)
    group_name, group_problems = _group(values[COLUMN_GROUP])
    problems += group_problems
    errors = [ImportIssue(code=code, row=number, message=message) for code, message in problems]

    if errors or group_name is None:
        return None, errors
    return (
        PupilRow(
            row=number,
            student_number=values[COLUMN_STUDENT_NUMBER],
            first_name=values[COLUMN_FIRST_NAME],
            infix=values[COLUMN_INFIX],
            last_name=values[COLUMN_LAST_NAME],
            group_name=group_name,
        ),
        [],
    )


# A problem with a row: its code and the Dutch reason.
Problem = tuple[str, str]


def _student_number_problems(student_number: str) -> list[Problem]:
    if not student_number:
        return [("missing_student_number", _("the student number is missing. Fill it in."))]
    if len(student_number) > STUDENT_NUMBER_MAX_LENGTH:
        return [
            (
                "student_number_too_long",
                _("student number %(number)s is longer than %(max)d characters.")
                % {"number": _shown(student_number), "max": STUDENT_NUMBER_MAX_LENGTH},
            )
        ]
    if not STUDENT_NUMBER_RE.match(student_number):
        return [
            (
                "invalid_student_number",
                _(
                    "student number “%(number)s” may contain only digits and letters. "
                    "Check that the spreadsheet did not change it."
                )
                % {"number": _shown(student_number)},
            )
        ]
    return []


def _name_problems(values: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    if not values[COLUMN_FIRST_NAME]:
        problems.append(("missing_first_name", _("the first name is missing. Fill it in.")))
    if not values[COLUMN_LAST_NAME]:
        problems.append(("missing_last_name", _("the last name is missing. Fill it in.")))
    for column, label in (
        (COLUMN_FIRST_NAME, _("first name")),
        (COLUMN_INFIX, _("infix")),
        (COLUMN_LAST_NAME, _("last name")),
    ):
        if len(values[column]) > MAX_LENGTHS[column]:
            problems.append(
                (
                    "too_long",
                    _("the %(field)s “%(value)s” is longer than %(max)d characters. Shorten it.")
                    % {"field": label, "value": _shown(values[column]), "max": MAX_LENGTHS[column]},
                )
            )
    return problems


def _group(value: str) -> tuple[str | None, list[Problem]]:
    """The normalised group name, or the problem with the cell."""
    if not value:
        return None, [
            ("missing_group", _("the group is missing. Fill in the pupil's group, e.g. 5."))
        ]
    group_name = normalise_group_name(value)
    if group_name is None:
        return None, [
            (
                "invalid_group",
                _(
                    "group “%(group)s” is not recognised. Use a group number from 1 to 8, "
                    "optionally with a letter, such as “groep 5” or “groep 1/2a”."
                )
                % {"group": _shown(value)},
            )
        ]
    return group_name, []
