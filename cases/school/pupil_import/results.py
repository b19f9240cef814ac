"""What reading and planning an import produce: plain dataclasses, and the texts that sum them
up for the screen and the command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def full_name(first_name: str, infix: str, last_name: str) -> str:
    return " ".join(part for part in (first_name, infix, last_name) if part)


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
        return full_name(self.first_name, self.infix, self.last_name)


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
