"""The rules a registration must satisfy, shared by the incident form (which shows what is
wrong next to the field) and `incident_register` (which checks them again when it saves)."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import InvolvementRole, Pupil
from protocol.models import BullyingForm, DigitalPlatform, FormCode, FormExample

ErrorDict = dict[str, list[ValidationError]]


def add_error(errors: ErrorDict, field: str, error: ValidationError) -> None:
    errors.setdefault(field, []).append(error)


def _to_minute(value: datetime.datetime) -> datetime.datetime:
    return value.replace(second=0, microsecond=0)


def incident_check_dates(
    *,
    occurred_on: datetime.date | None,
    occurred_time: datetime.time | None,
    reported_at: datetime.datetime | None,
) -> ErrorDict:
    """The date rules, shared by the form and the service. Missing values are skipped."""
    errors: ErrorDict = {}
    now = timezone.localtime()
    occurred_at = _check_occurred(errors, occurred_on, occurred_time, now)
    if reported_at is not None:
        _check_reported(errors, reported_at, occurred_on, occurred_at, now)
    return errors


def _check_occurred(
    errors: ErrorDict,
    occurred_on: datetime.date | None,
    occurred_time: datetime.time | None,
    now: datetime.datetime,
) -> datetime.datetime | None:
    """Check when it happened; return that moment when both date and time are known and valid."""
    if occurred_on is None:
        return None
    if occurred_on > now.date():
        add_error(
            errors,
            "occurred_on",
            ValidationError(
                _("The date is in the future. Enter the day it happened: today or earlier."),
                code="future",
            ),
        )
        return None
    if occurred_time is None:
        return None
    occurred_at = timezone.make_aware(datetime.datetime.combine(occurred_on, occurred_time))
    if _to_minute(occurred_at) > _to_minute(now):
        add_error(
            errors,
            "occurred_time",
            ValidationError(
                _("This time is still to come. Enter the time it happened."),
                code="future",
            ),
        )
        return None
    return occurred_at


def _check_reported(
    errors: ErrorDict,
    reported_at: datetime.datetime,
    occurred_on: datetime.date | None,
    occurred_at: datetime.datetime | None,
    now: datetime.datetime,
) -> None:
    if _to_minute(reported_at) > _to_minute(now):
        add_error(
            errors,
            "reported_at",
            ValidationError(
                _("This moment is still to come. Enter when the incident was reported to you."),
                code="future",
            ),
        )
        return
    if occurred_on is None or "occurred_on" in errors:
        return
    if occurred_at is not None:
        reported_before = _to_minute(reported_at) < _to_minute(occurred_at)
    else:
        reported_before = timezone.localtime(reported_at).date() < occurred_on
    if reported_before:
        add_error(
            errors,
            "reported_at",
            ValidationError(
                _(
                    "The report is dated before the incident happened. Check the "
                    "date and time of both."
                ),
                code="reported_before_occurred",
            ),
        )


def incident_forms_implied(
    *,
    forms: Iterable[BullyingForm],
    examples: Iterable[FormExample],
    platforms: Iterable[DigitalPlatform],
    digital_description: str,
    digital_form: BullyingForm | None,
) -> list[BullyingForm]:
    """The forms an incident has: the ones chosen plus the ones its checklist items imply.

    An example implies its own form; a platform or an online description implies the digital
    form, because they are that form's checklist.
    """
    by_pk: dict[int, BullyingForm] = {form.pk: form for form in forms}
    for example in examples:
        by_pk.setdefault(example.form_id, example.form)
    if digital_form is not None and (list(platforms) or digital_description.strip()):
        by_pk.setdefault(digital_form.pk, digital_form)
    return sorted(by_pk.values(), key=lambda form: (form.order, form.pk))


def incident_check_digital(
    *, forms: Iterable[BullyingForm], platforms: Iterable[DigitalPlatform], digital_description: str
) -> ErrorDict:
    errors: ErrorDict = {}
    if any(form.code == FormCode.DIGITAL for form in forms) and not (
        list(platforms) or digital_description.strip()
    ):
        add_error(
            errors,
            "platforms",
            ValidationError(
                _(
                    "For digital bullying, tick at least one platform or describe where it "
                    "happened online."
                ),
                code="digital_without_platform",
            ),
        )
    return errors


def incident_check_involvements(involvements: Sequence[tuple[Pupil, str]]) -> ErrorDict:
    errors: ErrorDict = {}
    if not involvements:
        add_error(
            errors,
            "involvements",
            ValidationError(
                _("Add at least one pupil who was involved, with their role."), code="required"
            ),
        )
    seen: set[int] = set()
    for pupil, role in involvements:
        if pupil.pk in seen:
            add_error(errors, "involvements", duplicate_pupil_error(pupil))
        seen.add(pupil.pk)
        if role not in InvolvementRole.values:
            add_error(
                errors,
                "involvements",
                ValidationError(
                    _("Choose the role of %(pupil)s."), code="role", params={"pupil": pupil}
                ),
            )
        if not pupil.is_active:
            add_error(
                errors,
                "involvements",
                ValidationError(
                    _("%(pupil)s has left the school and cannot be added."),
                    code="inactive_pupil",
                    params={"pupil": pupil},
                ),
            )
    return errors


def duplicate_pupil_error(pupil: Pupil) -> ValidationError:
    return ValidationError(
        _("%(pupil)s is already on the list. Add each pupil once, with one role."),
        code="duplicate_pupil",
        params={"pupil": pupil},
    )


def anonymous_with_name_error() -> ValidationError:
    return ValidationError(
        _("An anonymous report has no name. Empty the name, or choose who reported it."),
        code="anonymous_with_name",
    )


def description_required_error() -> ValidationError:
    return ValidationError(_("Describe what happened."), code="required")
