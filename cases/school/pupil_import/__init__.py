"""Import of pupils from the student administration's CSV export.

Reading the file and working out what would change are pure: bytes in, dataclasses out, and
the diff only reads model instances loaded beforehand. `pupils_import` re-plans and applies
inside one transaction, so a preview that has gone stale can never be applied as it was.

- `results.py`: the dataclasses (`ParsedFile`, `ImportPlan`, `ImportResult`…), the error and
  the summary texts;
- `reading.py`: `parse_pupil_csv`, with the encoding, the delimiter and the header row;
- `rows.py`: the columns and the checks on each row, with spreadsheet row numbers and Dutch
  reasons;
- `plan.py`: the diff against the current pupils and groups, `pupils_import_preview`;
- `apply.py`: `pupils_import`, the bulk writes and `visibility_sync`.
"""

from cases.school.pupil_import.apply import pupils_import
from cases.school.pupil_import.plan import (
    MANY_LEAVING_MIN_PUPILS,
    MANY_LEAVING_SHARE,
    plan_from_rows,
    pupils_import_preview,
)
from cases.school.pupil_import.reading import parse_pupil_csv
from cases.school.pupil_import.results import (
    ImportIssue,
    ImportPlan,
    ImportResult,
    ParsedFile,
    PlannedMove,
    PlannedPupil,
    PlannedRename,
    PupilImportError,
    PupilRow,
)
from cases.school.pupil_import.rows import REQUIRED_COLUMNS, normalise_group_name

__all__ = [
    "MANY_LEAVING_MIN_PUPILS",
    "MANY_LEAVING_SHARE",
    "REQUIRED_COLUMNS",
    "ImportIssue",
    "ImportPlan",
    "ImportResult",
    "ParsedFile",
    "PlannedMove",
    "PlannedPupil",
    "PlannedRename",
    "PupilImportError",
    "PupilRow",
    "normalise_group_name",
    "parse_pupil_csv",
    "plan_from_rows",
    "pupils_import",
    "pupils_import_preview",
]
