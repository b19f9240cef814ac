"""Planning: the diff between the rows of an export and the school's pupils and groups as
loaded beforehand. Reads model instances only; `pupils_import` writes what it finds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.models import Pupil, School, SchoolGroup
from cases.school.pupil_import.reading import parse_pupil_csv
from cases.school.pupil_import.results import (
    ImportPlan,
    ParsedFile,
    PlannedMove,
    PlannedPupil,
    PlannedRename,
    PupilRow,
)
from cases.school.pupil_import.rows import normalise_group_name

# A share of the active pupils above which a missing part of the list is more likely than an
# exodus (for instance the export of one group instead of the whole school).
MANY_LEAVING_SHARE = 0.5
MANY_LEAVING_MIN_PUPILS = 10


def group_order(name: str) -> int:
    match = re.search(r"\d+", name)
    return int(match.group()) if match else 0


def _group_key(name: str) -> str:
    return normalise_group_name(name) or " ".join(name.split()).lower()


@dataclass
class Changes:
    """What `pupils_import` writes; the model instances come from the planning query."""

    new_rows: list[PupilRow] = field(default_factory=list)
    updated: list[tuple[Pupil, PupilRow]] = field(default_factory=list)
    leaving: list[Pupil] = field(default_factory=list)
    new_group_names: list[str] = field(default_factory=list)
    existing_groups: dict[str, SchoolGroup] = field(default_factory=dict)

    def group_label(self, key: str) -> str:
        existing = self.existing_groups.get(key)
        return existing.name if existing else key


def diff(
    *,
    school_id: int,
    rows: Sequence[PupilRow],
    pupils: Iterable[Pupil],
    groups: Iterable[SchoolGroup],
) -> tuple[ImportPlan, Changes]:
    changes = Changes()
    for group in sorted(groups, key=lambda g: (g.order, g.name, g.pk)):
        # An existing "Groep 5" is the file's "groep 5": never create a look-alike.
        changes.existing_groups.setdefault(_group_key(group.name), group)
    plan = ImportPlan(school_id=school_id, rows=list(rows))

    by_number = {pupil.student_number: pupil for pupil in pupils}
    for row in rows:
        target = changes.existing_groups.get(row.group_name)
        if target is None and row.group_name not in changes.new_group_names:
            changes.new_group_names.append(row.group_name)
        pupil = by_number.get(row.student_number)
        if pupil is None:
            changes.new_rows.append(row)
            plan.new.append(
                PlannedPupil(row.student_number, row.full_name, changes.group_label(row.group_name))
            )
        else:
            _plan_known_pupil(plan, changes, pupil=pupil, row=row, target=target)

    in_file = {row.student_number for row in rows}
    active = [pupil for pupil in by_number.values() if pupil.left_on is None]
    _plan_leaving(plan, changes, [p for p in active if p.student_number not in in_file])

    changes.new_group_names.sort(key=lambda name: (group_order(name), name))
    plan.new_groups = list(changes.new_group_names)
    _sort_plan(plan)
    _warn_if_many_leave(plan, active=len(active))
    return plan, changes


def _plan_known_pupil(
    plan: ImportPlan,
    changes: Changes,
    *,
    pupil: Pupil,
    row: PupilRow,
    target: SchoolGroup | None,
) -> None:
    label = changes.group_label
    renamed = (pupil.first_name, pupil.infix, pupil.last_name) != (
        row.first_name,
        row.infix,
        row.last_name,
    )
    moved = target is None or pupil.group_id != target.pk
    current_group = pupil.group.name if pupil.group else ""
    if pupil.left_on is not None:
        plan.returning.append(
            PlannedPupil(row.student_number, row.full_name, label(row.group_name))
        )
    elif moved:
        plan.moved.append(
            PlannedMove(
                row.student_number,
                row.full_name,
                from_group=current_group,
                to_group=label(row.group_name),
            )
        )
    if renamed:
        plan.renamed.append(
            PlannedRename(
                row.student_number,
                old_name=pupil.full_name,
                new_name=row.full_name,
                group=label(row.group_name),
            )
        )
    if pupil.left_on is not None or moved or renamed:
        changes.updated.append((pupil, row))
    else:
        plan.unchanged += 1


def _plan_leaving(plan: ImportPlan, changes: Changes, missing: list[Pupil]) -> None:
    for pupil in missing:
        changes.leaving.append(pupil)
        plan.leaving.append(
            PlannedPupil(
                pupil.student_number,
                pupil.full_name,
                pupil.group.name if pupil.group else "",
            )
        )


def _warn_if_many_leave(plan: ImportPlan, *, active: int) -> None:
    if active >= MANY_LEAVING_MIN_PUPILS and len(plan.leaving) > active * MANY_LEAVING_SHARE:
        plan.warnings.append(
            _(
                "%(leaving)d of the %(active)d pupils at school are not in this file and will "
                "be marked as having left. Check that this is the complete pupil list of the "
                "whole school, not the list of one group."
            )
            % {"leaving": len(plan.leaving), "active": active}
        )


def _sort_plan(plan: ImportPlan) -> None:
    def by_group(item: PlannedPupil) -> tuple:
        return (group_order(item.group), item.group, item.name)

    plan.new.sort(key=by_group)
    plan.returning.sort(key=by_group)
    plan.leaving.sort(key=by_group)
    plan.moved.sort(key=lambda m: (group_order(m.to_group), m.to_group, m.name))
    plan.renamed.sort(key=lambda r: r.new_name)


def load(school: School) -> tuple[list[Pupil], list[SchoolGroup]]:
    groups = list(SchoolGroup.objects.filter(school=school))
    pupils = list(Pupil.objects.filter(school=school).select_related("group"))
    return pupils, groups


def plan_from_rows(*, school: School, parsed: ParsedFile) -> ImportPlan:
    if parsed.errors:
        return ImportPlan(school_id=school.pk, rows=[], errors=list(parsed.errors))
    pupils, groups = load(school)
    plan, _changes = diff(school_id=school.pk, rows=parsed.rows, pupils=pupils, groups=groups)
    return plan


def pupils_import_preview(*, school: School, content: bytes) -> ImportPlan:
    """What importing `content` would change now; writes nothing."""
    return plan_from_rows(school=school, parsed=parse_pupil_csv(content))
