"""Reading the export: bytes in, rows out. Finds the encoding (UTF-8 or Windows-1252), the
delimiter (semicolon or comma) and the columns in the header row; pure, no database."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.school.pupil_import.results import ImportIssue, ParsedFile
from cases.school.pupil_import.rows import REQUIRED_COLUMNS, read_rows


def parse_pupil_csv(content: bytes) -> ParsedFile:
    """Read an export into rows, or collect every problem that stops the import."""
    refusal = _refuse_content(content)
    if refusal is not None:
        return refusal
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

    rows, errors = read_rows(data, columns)
    if errors:
        return ParsedFile(rows=[], errors=errors, encoding=encoding, delimiter=delimiter)
    return ParsedFile(rows=rows, errors=[], encoding=encoding, delimiter=delimiter)


def _refuse_content(content: bytes) -> ParsedFile | None:
    """The error for an empty file or one that is no text at all; None if it may be a CSV."""
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
    return None


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
        errors.insert(0, _missing_columns(missing, single_column=len(header) == 1))
    return columns, errors


def _missing_columns(missing: list[str], *, single_column: bool) -> ImportIssue:
    message = ngettext(
        "The column %(columns)s is missing from the first row of the file.",
        "The columns %(columns)s are missing from the first row of the file.",
        len(missing),
    ) % {"columns": ", ".join(f"“{column}”" for column in missing)}
    message += " " + _("The first row must name the columns %(columns)s (in any order).") % {
        "columns": ", ".join(REQUIRED_COLUMNS)
    }
    if single_column:
        message += " " + _("Separate the columns with semicolons or commas.")
    return ImportIssue(code="missing_columns", message=message)
