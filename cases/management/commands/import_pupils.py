from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.models import School
from cases.school.pupil_import import (
    ImportIssue,
    ImportPlan,
    PupilImportError,
    pupils_import,
    pupils_import_preview,
)


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the pupils from the student administration's CSV export: new pupils are added, "
        "changed groups and names are updated, pupils missing from the file are marked as left."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The CSV export with the pupil list."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Only show what would change; save nothing."),
        )
        parser.add_argument(
            "--school-id",
            type=int,
            help=_("The school to import into; needed only when there is more than one."),
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("The file %(path)s cannot be read: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        school = self._school(options["school_id"])

        plan = pupils_import_preview(school=school, content=content)
        if plan.errors:
            self._fail(plan.errors)
        self._write_plan(plan, verbosity=options["verbosity"])

        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing has been saved."))
            return
        if not plan.has_changes:
            self.stdout.write(self.style.SUCCESS(_("The pupil list is already up to date.")))
            return
        try:
            pupils_import(school=school, plan=plan, imported_by=None)
        except PupilImportError as exc:
            self._fail(exc.errors)
        self.stdout.write(
            self.style.SUCCESS(
                _("The pupil list of %(school)s has been updated.") % {"school": school}
            )
        )

    def _school(self, school_id: int | None) -> School:
        if school_id is not None:
            school = School.objects.filter(pk=school_id).first()
            if school is None:
                raise CommandError(_("There is no school with id %(id)d.") % {"id": school_id})
            return school
        schools = list(School.objects.order_by("pk")[:21])
        if not schools:
            raise CommandError(
                _("There is no school yet. Create the school first; nothing has been imported.")
            )
        if len(schools) > 1:
            choices = ", ".join(f"{school.pk} ({school})" for school in schools[:20])
            raise CommandError(
                _("There is more than one school; choose one with --school-id: %(choices)s")
                % {"choices": choices}
            )
        return schools[0]

    def _fail(self, errors: list[ImportIssue]) -> NoReturn:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(
            ngettext(
                "%(count)d problem found; nothing has been imported. "
                "Correct the file and try again.",
                "%(count)d problems found; nothing has been imported. "
                "Correct the file and try again.",
                len(errors),
            )
            % {"count": len(errors)}
        )

    def _write_plan(self, plan: ImportPlan, *, verbosity: int) -> None:
        for line in plan.summary_lines():
            self.stdout.write(f"- {line}")
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if verbosity < 1:
            return
        if plan.new_groups:
            self.stdout.write(_("New groups: %(groups)s") % {"groups": ", ".join(plan.new_groups)})
        if verbosity >= 2:
            for item in plan.new:
                self.stdout.write(
                    _("New: %(name)s (%(group)s)") % {"name": item.name, "group": item.group}
                )
        for move in plan.moved:
            self.stdout.write(
                _("Moves: %(name)s, %(from)s → %(to)s")
                % {"name": move.name, "from": move.from_group or "-", "to": move.to_group}
            )
        for rename in plan.renamed:
            self.stdout.write(
                _("Name changes: %(old)s → %(new)s")
                % {"old": rename.old_name, "new": rename.new_name}
            )
        for item in plan.returning:
            self.stdout.write(
                _("Returns: %(name)s (%(group)s)") % {"name": item.name, "group": item.group}
            )
        for item in plan.leaving:
            self.stdout.write(
                _("Leaves: %(name)s (%(group)s)") % {"name": item.name, "group": item.group or "-"}
            )
