"""Writing the yearly report: the coordinator's drafts, the directie's adoption, the team's
training, and the aanspreekpersoon's contribution."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import SchoolYear
from confidential.selectors import report_counts_for_year_report
from protocol.models import ProtocolEvaluation
from reporting.trends.scope import scope_for
from reporting.yearly.models import ConfidantContribution, Training, YearReport


def _require(user: User, role: str, message) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(role)):
        raise PermissionDenied(message)


def _refuse_when_adopted(school_year: SchoolYear) -> None:
    if YearReport.objects.filter(school_year=school_year, adopted_at__isnull=False).exists():
        raise ValidationError(_("The report of this school year is adopted; it no longer changes."))


@transaction.atomic
def training_add(
    *, by: User, school_year: SchoolYear, held_on: datetime.date, subject: str, participants: str
) -> Training:
    _require(by, Role.COORDINATOR, _("Only the coordinator keeps the list of training."))
    _refuse_when_adopted(school_year)
    training = Training(
        school_year=school_year,
        held_on=held_on,
        subject=subject.strip(),
        participants=participants.strip(),
        recorded_by=by,
    )
    training.full_clean(exclude=["school_year", "recorded_by"])
    training.save()
    return training


@transaction.atomic
def training_remove(*, by: User, training: Training) -> None:
    _require(by, Role.COORDINATOR, _("Only the coordinator keeps the list of training."))
    _refuse_when_adopted(training.school_year)
    training.delete()


@transaction.atomic
def year_report_save(
    *, by: User, school_year: SchoolYear, conclusions: str, measures: str, version: int
) -> YearReport:
    """Save the coordinator's draft; refused when someone else saved in between."""
    _require(by, Role.COORDINATOR, _("Only the coordinator writes the yearly report."))
    report = YearReport.objects.select_for_update().filter(school_year=school_year).first()
    if report is None:
        report = YearReport(school_year=school_year, version=0)
    if report.is_adopted:
        raise ValidationError(_("The report of this school year is adopted; it no longer changes."))
    if report.pk and report.version != version:
        raise ValidationError(
            _(
                "Someone else saved this report while you were writing. Copy your text, "
                "reload the page and add it again."
            )
        )
    report.conclusions = conclusions.strip()
    report.measures = measures.strip()
    report.updated_by = by
    report.updated_at = timezone.now()
    report.version += 1
    report.save()
    return report


@transaction.atomic
def year_report_adopt(*, by: User, report: YearReport) -> YearReport:
    """The directie adopts ("stelt vast") the report: it is final from then on."""
    _require(by, Role.DIRECTIE, _("Only the directie adopts the yearly report."))
    report = YearReport.objects.select_for_update().get(pk=report.pk)
    if report.is_adopted:
        raise ValidationError(_("This report is already adopted."))
    if not (report.conclusions and report.measures):
        raise ValidationError(
            _("The report can be adopted once it holds conclusions and measures.")
        )
    report.adopted_by = by
    report.adopted_at = timezone.now()
    report.save(update_fields=["adopted_by", "adopted_at"])
    return report


def confidant_counts(school_year: SchoolYear) -> dict:
    scope = scope_for(school_year)
    return report_counts_for_year_report(
        start_at=scope.current.start_at, end_before=scope.current.end_before
    )


@transaction.atomic
def contribution_save(
    *, by: User, school_year: SchoolYear, text: str, release: bool
) -> ConfidantContribution:
    """The aanspreekpersoon's text; on release, a copy of the counts she sees goes with it."""
    _require(by, Role.CONFIDANT, _("Only the aanspreekpersoon writes this contribution."))
    _refuse_when_adopted(school_year)
    contribution, _created = ConfidantContribution.objects.select_for_update().get_or_create(
        school_year=school_year
    )
    contribution.text = text.strip()
    if release:
        contribution.counts = confidant_counts(school_year)
        contribution.released_by = by
        contribution.released_at = timezone.now()
    contribution.save()
    return contribution


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def protocol_evaluation_record(
    *,
    by: User,
    evaluated_on: datetime.date,
    outcome: str,
    next_due: datetime.date | None = None,
) -> ProtocolEvaluation:
    """Record the protocol's evaluation (§12); the next is due four years later by default."""
    _require(by, Role.COORDINATOR, _("Only the coordinator records the protocol's evaluation."))
    errors = {}
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("The evaluation cannot be in the future.")
    next_due = next_due or _years_later(evaluated_on, ProtocolEvaluation.YEARS_BETWEEN)
    if next_due <= evaluated_on:
        errors["next_due"] = _("The next evaluation must come after this one.")
    if not outcome.strip():
        errors["outcome"] = _("Write down what came out of the evaluation.")
    if errors:
        raise ValidationError(errors)
    return ProtocolEvaluation.objects.create(
        evaluated_on=evaluated_on, outcome=outcome.strip(), next_due=next_due, recorded_by=by
    )
