"""Applying an import: re-plan inside one transaction against the database as it is, then
bulk writes (groups, new pupils, updates) and the visibility of moved pupils' incidents."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Incident, Pupil, School, SchoolGroup
from cases.school.pupil_import.plan import Changes, diff, group_order, load
from cases.school.pupil_import.reading import parse_pupil_csv
from cases.school.pupil_import.results import (
    ImportPlan,
    ImportResult,
    ParsedFile,
    PupilImportError,
)
from cases.visibility.permissions import visibility_sync

# The package's name, as before it was split into modules.
logger = logging.getLogger(__package__)


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
    parsed = _parsed(school=school, content=content, plan=plan)

    # One import at a time per school: the lock makes a second import wait and then diff
    # against what the first one wrote.
    School.objects.select_for_update().filter(pk=school.pk).exists()
    pupils, groups = load(school)
    fresh_plan, changes = diff(school_id=school.pk, rows=parsed.rows, pupils=pupils, groups=groups)
    today = timezone.localdate()

    group_by_key = _create_groups(school, changes)
    _create_pupils(school, changes, group_by_key)
    moved_pupil_ids = _update_pupils(changes, group_by_key, today=today)
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
    _log(result, school=school, imported_by=imported_by)
    return result


def _parsed(*, school: School, content: bytes | None, plan: ImportPlan | None) -> ParsedFile:
    """The rows to import, from the file or the plan; raises if they cannot be imported."""
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
    return parsed


def _create_groups(school: School, changes: Changes) -> dict[str, SchoolGroup]:
    """Every group of the file by its normalised name, the new ones created."""
    group_by_key = dict(changes.existing_groups)
    if changes.new_group_names:
        created = SchoolGroup.objects.bulk_create(
            [
                SchoolGroup(school=school, name=name, order=group_order(name))
                for name in changes.new_group_names
            ]
        )
        if any(group.pk is None for group in created):  # backends without RETURNING
            created = list(
                SchoolGroup.objects.filter(school=school, name__in=changes.new_group_names)
            )
        group_by_key.update({group.name: group for group in created})
    return group_by_key


def _create_pupils(school: School, changes: Changes, group_by_key: dict[str, SchoolGroup]) -> None:
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


def _update_pupils(
    changes: Changes, group_by_key: dict[str, SchoolGroup], *, today: datetime.date
) -> list[int]:
    """Rename, move, bring back and mark as left in one bulk update; the ids of moved pupils."""
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
    return moved_pupil_ids


def _log(result: ImportResult, *, school: School, imported_by: User | None) -> None:
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
