"""Writes on cases. Each service validates its input itself: it never trusts its caller."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from cases.models import (
    Attachment,
    Classification,
    Incident,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    Severity,
)
from cases.reminders.services import reminders_request_sweep
from cases.visibility.permissions import visibility_sync
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormCode, FormExample

ErrorDict = dict[str, list[ValidationError]]


def _add(errors: ErrorDict, field: str, error: ValidationError) -> None:
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
    today = now.date()
    occurred_at: datetime.datetime | None = None

    if occurred_on is not None:
        if occurred_on > today:
            _add(
                errors,
                "occurred_on",
                ValidationError(
                    _("The date is in the future. Enter the day it happened: today or earlier."),
                    code="future",
                ),
            )
        elif occurred_time is not None:
            occurred_at = timezone.make_aware(datetime.datetime.combine(occurred_on, occurred_time))
            if _to_minute(occurred_at) > _to_minute(now):
                _add(
                    errors,
                    "occurred_time",
                    ValidationError(
                        _("This time is still to come. Enter the time it happened."),
                        code="future",
                    ),
                )
                occurred_at = None

    if reported_at is not None:
        if _to_minute(reported_at) > _to_minute(now):
            _add(
                errors,
                "reported_at",
                ValidationError(
                    _("This moment is still to come. Enter when the incident was reported to you."),
                    code="future",
                ),
            )
        elif occurred_on is not None and "occurred_on" not in errors:
            if occurred_at is not None:
                reported_before = _to_minute(reported_at) < _to_minute(occurred_at)
            else:
                reported_before = timezone.localtime(reported_at).date() < occurred_on
            if reported_before:
                _add(
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
    return errors


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
        _add(
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
        _add(
            errors,
            "involvements",
            ValidationError(
                _("Add at least one pupil who was involved, with their role."), code="required"
            ),
        )
    seen: set[int] = set()
    for pupil, role in involvements:
        if pupil.pk in seen:
            _add(errors, "involvements", duplicate_pupil_error(pupil))
        seen.add(pupil.pk)
        if role not in InvolvementRole.values:
            _add(
                errors,
                "involvements",
                ValidationError(
                    _("Choose the role of %(pupil)s."), code="role", params={"pupil": pupil}
                ),
            )
        if not pupil.is_active:
            _add(
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


def _check_active(errors: ErrorDict, field: str, items: Iterable) -> None:
    for item in items:
        if not item.is_active:
            _add(
                errors,
                field,
                ValidationError(
                    _("“%(item)s” is no longer in use. Untick it."),
                    code="inactive",
                    params={"item": item},
                ),
            )


def _check_attachments(
    errors: ErrorDict, attachments: Sequence[Attachment], registered_by: User
) -> None:
    for attachment in attachments:
        if attachment.incident_id is not None or attachment.uploaded_by_id != registered_by.pk:
            _add(
                errors,
                "attachments",
                ValidationError(
                    _("“%(name)s” cannot be added to this incident. Add the file again."),
                    code="foreign_attachment",
                    params={"name": attachment.original_name},
                ),
            )


@transaction.atomic
def incident_register(
    *,
    registered_by: User,
    occurred_on: datetime.date,
    occurred_time: datetime.time | None,
    reported_at: datetime.datetime,
    reporter_kind: str,
    reporter_name: str,
    location: str,
    description: str,
    forms: Iterable[BullyingForm],
    examples: Iterable[FormExample],
    platforms: Iterable[DigitalPlatform],
    digital_description: str,
    marks: Iterable[BullyingMark],
    classification: str,
    severity: str,
    involvements: list[tuple[Pupil, str]],
    attachments: Sequence[Attachment],
) -> Incident:
    """Register a reported incident with the pupils involved and its pending attachments.

    The registration time is the server's clock, so the 24-hour rule cannot be bent by a form.
    Raises ValidationError keyed by field name; nothing is saved then.
    """
    forms, examples, platforms, marks = list(forms), list(examples), list(platforms), list(marks)
    attachments = list(attachments)
    reporter_name = reporter_name.strip()
    digital_description = digital_description.strip()
    description = description.strip()

    if not registered_by.is_authenticated or not registered_by.is_active:
        raise ValidationError(_("Only an active staff member can register an incident."))

    digital_form = BullyingForm.objects.filter(code=FormCode.DIGITAL).first()
    forms = incident_forms_implied(
        forms=forms,
        examples=examples,
        platforms=platforms,
        digital_description=digital_description,
        digital_form=digital_form,
    )

    errors: ErrorDict = {}
    for found in (
        incident_check_dates(
            occurred_on=occurred_on, occurred_time=occurred_time, reported_at=reported_at
        ),
        incident_check_digital(
            forms=forms, platforms=platforms, digital_description=digital_description
        ),
        incident_check_involvements(involvements),
    ):
        for field, field_errors in found.items():
            errors.setdefault(field, []).extend(field_errors)
    if reporter_kind == ReporterKind.ANONYMOUS and reporter_name:
        _add(errors, "reporter_name", anonymous_with_name_error())
    for field, choices, value in (
        ("reporter_kind", ReporterKind, reporter_kind),
        ("location", Location, location),
        ("classification", Classification, classification),
        ("severity", Severity, severity),
    ):
        if value not in choices.values:
            _add(errors, field, ValidationError(_("Choose one of the options."), code="invalid"))
    if not description:
        _add(errors, "description", description_required_error())
    _check_active(errors, "forms", forms)
    _check_active(errors, "examples", examples)
    _check_active(errors, "platforms", platforms)
    _check_active(errors, "marks", marks)
    _check_attachments(errors, attachments, registered_by)

    incident = Incident(
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        reported_at=reported_at,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name,
        location=location,
        description=description,
        digital_description=digital_description,
        classification=classification,
        severity=severity,
        registered_by=registered_by,
        registered_at=timezone.now(),
    )
    try:
        # Lengths and the like, as the model defines them; choices were checked above.
        incident.clean_fields(
            exclude=[
                "registered_by",
                "reporter_kind",
                "location",
                "classification",
                "severity",
                "description",
            ]
        )
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)

    incident._history_user = registered_by  # also when called outside a request
    incident.save()
    incident.forms.set(forms)
    incident.examples.set(examples)
    incident.platforms.set(platforms)
    incident.marks.set(marks)
    bulk_create_with_history(
        [Involvement(incident=incident, pupil=pupil, role=role) for pupil, role in involvements],
        Involvement,
        default_user=registered_by,
    )
    if attachments:
        # The condition on `incident` makes the update the lock: a pending file can be linked
        # to one incident only, even when two submits race.
        linked = Attachment.objects.filter(
            pk__in=[attachment.pk for attachment in attachments],
            incident__isnull=True,
            uploaded_by=registered_by,
        ).update(incident=incident)
        if linked != len({attachment.pk for attachment in attachments}):
            raise ValidationError(
                {
                    "attachments": _(
                        "One of the files was already used or removed. Add the file again."
                    )
                }
            )
        # A queryset update writes no history by itself.
        Attachment.history.bulk_history_create(
            list(Attachment.objects.filter(incident=incident)),
            update=True,
            default_user=registered_by,
        )
    visibility_sync(incidents=[incident])
    # The 24-hour registration rule is a deadline the reminder sweep watches.
    reminders_request_sweep()
    return incident


def anonymous_with_name_error() -> ValidationError:
    return ValidationError(
        _("An anonymous report has no name. Empty the name, or choose who reported it."),
        code="anonymous_with_name",
    )


def description_required_error() -> ValidationError:
    return ValidationError(_("Describe what happened."), code="required")
