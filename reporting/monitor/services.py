"""Writing monitor results: by hand, or many at once from a CSV (all or nothing)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import SchoolGroup, SchoolYear
from reporting.monitor.models import MonitorInstrument, MonitorResult


def _authorize(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR)):
        raise PermissionDenied(_("Only the coordinator records monitor results."))


def _check(result: MonitorResult) -> None:
    year = result.school_year
    if result.measured_on and not year.start_date <= result.measured_on <= year.end_date:
        raise ValidationError(
            {
                "measured_on": _("Choose a date in the school year %(year)s (%(from)s – %(to)s).")
                % {
                    "year": year,
                    "from": f"{year.start_date:%d-%m-%Y}",
                    "to": f"{year.end_date:%d-%m-%Y}",
                }
            }
        )
    duplicate = MonitorResult.objects.filter(
        instrument=result.instrument, group=result.group, measured_on=result.measured_on
    ).exclude(pk=result.pk)
    if duplicate.exists():
        raise ValidationError(
            _("There already is a result of this instrument for this group on this date.")
        )
    result.full_clean(exclude=["recorded_by", "school_year"], validate_constraints=False)


@transaction.atomic
def monitor_result_create(
    *,
    by: User,
    school_year: SchoolYear,
    group: SchoolGroup | None,
    instrument: MonitorInstrument,
    measured_on: datetime.date,
    feel_safe_percent: Decimal,
    respondents: int | None = None,
    sub_scores: dict | None = None,
    note: str = "",
) -> MonitorResult:
    _authorize(by)
    result = MonitorResult(
        school_year=school_year,
        group=group,
        instrument=instrument,
        measured_on=measured_on,
        feel_safe_percent=feel_safe_percent,
        respondents=respondents,
        sub_scores=sub_scores or {},
        note=note.strip(),
        recorded_by=by,
    )
    _check(result)
    result.save()
    return result


@transaction.atomic
def monitor_result_delete(*, by: User, result: MonitorResult) -> None:
    _authorize(by)
    result.delete()


@transaction.atomic
def monitor_results_import(*, by: User, school_year: SchoolYear, rows: list[dict]) -> int:
    """Create every row, or none: the first row that fails undoes the ones before it.

    `rows` come checked from `reporting.monitor.csv_rows.read_monitor_csv`; a row that still
    fails here (a duplicate within the file) is reported with its line number.
    """
    _authorize(by)
    for row in rows:
        line = row.pop("line")
        try:
            monitor_result_create(by=by, school_year=school_year, **row)
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(line)s: %(errors)s") % {"line": line, "errors": " ".join(_messages(exc))}
            ) from exc
    return len(rows)


def _messages(exc: ValidationError) -> list[str]:
    return [str(message) for message in exc.messages]
