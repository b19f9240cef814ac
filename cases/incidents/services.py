"""Registering an incident. The service validates its input itself: it never trusts its caller."""

import datetime
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from cases.incidents.rules import (
    ErrorDict,
    add_error,
    anonymous_with_name_error,
    description_required_error,
    incident_check_dates,
    incident_check_digital,
    incident_check_involvements,
    incident_forms_implied,
)
from cases.models import (
    Attachment,
    Classification,
    Incident,
    Involvement,
    Location,
    Pupil,
    ReporterKind,
    Severity,
    incident_history_write,
)
from cases.reminders.services import reminders_request_sweep
from cases.visibility.permissions import visibility_sync
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormCode, FormExample


def _check_active(errors: ErrorDict, field: str, items: Iterable) -> None:
    for item in items:
        if not item.is_active:
            add_error(
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
            add_error(
                errors,
                "attachments",
                ValidationError(
                    _("“%(name)s” cannot be added to this incident. Add the file again."),
                    code="foreign_attachment",
                    params={"name": attachment.original_name},
                ),
            )


def _merge(errors: ErrorDict, found: ErrorDict) -> None:
    for field, field_errors in found.items():
        errors.setdefault(field, []).extend(field_errors)


class Checklists(NamedTuple):
    """The items ticked on an incident's checklists; `forms` includes the ones they imply."""

    forms: list[BullyingForm]
    examples: list[FormExample]
    platforms: list[DigitalPlatform]
    marks: list[BullyingMark]


def checklists_chosen(
    forms: list[BullyingForm],
    examples: list[FormExample],
    platforms: list[DigitalPlatform],
    marks: list[BullyingMark],
    digital_description: str,
) -> Checklists:
    implied = incident_forms_implied(
        forms=forms,
        examples=examples,
        platforms=platforms,
        digital_description=digital_description,
        digital_form=BullyingForm.objects.filter(code=FormCode.DIGITAL).first(),
    )
    return Checklists(implied, examples, platforms, marks)


def _registration_errors(
    incident: Incident,
    chosen: Checklists,
    involvements: list[tuple[Pupil, str]],
    attachments: list[Attachment],
) -> ErrorDict:
    """Everything wrong with an unsaved incident and what goes with it, keyed by field."""
    errors: ErrorDict = {}
    _merge(
        errors,
        incident_check_dates(
            occurred_on=incident.occurred_on,
            occurred_time=incident.occurred_time,
            reported_at=incident.reported_at,
        ),
    )
    _merge(
        errors,
        incident_check_digital(
            forms=chosen.forms,
            platforms=chosen.platforms,
            digital_description=incident.digital_description,
        ),
    )
    _merge(errors, incident_check_involvements(involvements))
    if incident.reporter_kind == ReporterKind.ANONYMOUS and incident.reporter_name:
        add_error(errors, "reporter_name", anonymous_with_name_error())
    for field, choices in (
        ("reporter_kind", ReporterKind),
        ("location", Location),
        ("classification", Classification),
        ("severity", Severity),
    ):
        if getattr(incident, field) not in choices.values:
            invalid = ValidationError(_("Choose one of the options."), code="invalid")
            add_error(errors, field, invalid)
    if not incident.description:
        add_error(errors, "description", description_required_error())
    for field in ("forms", "examples", "platforms", "marks"):
        _check_active(errors, field, getattr(chosen, field))
    _check_attachments(errors, attachments, incident.registered_by)
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
        _merge(errors, exc.error_dict)
    return errors


def incident_save_with_lists(incident: Incident, chosen: Checklists, *, history_type: str) -> None:
    """Save `incident` and set its checklists, kept in the history as one version."""
    incident.skip_history_when_saving = True
    try:
        incident.save()
        incident.forms.set(chosen.forms)
        incident.examples.set(chosen.examples)
        incident.platforms.set(chosen.platforms)
        incident.marks.set(chosen.marks)
    finally:
        del incident.skip_history_when_saving
    incident_history_write(incident, history_type)


def _incident_save(
    incident: Incident,
    chosen: Checklists,
    involvements: list[tuple[Pupil, str]],
    attachments: list[Attachment],
) -> None:
    registered_by = incident.registered_by
    incident._history_user = registered_by  # also when called outside a request
    incident_save_with_lists(incident, chosen, history_type="+")
    bulk_create_with_history(
        [Involvement(incident=incident, pupil=pupil, role=role) for pupil, role in involvements],
        Involvement,
        default_user=registered_by,
    )
    if not attachments:
        return
    # The condition on `incident` makes the update the lock: a pending file can be linked
    # to one incident only, even when two submits race.
    linked = Attachment.objects.filter(
        pk__in=[attachment.pk for attachment in attachments],
        incident__isnull=True,
        uploaded_by=registered_by,
    ).update(incident=incident)
    if linked != len({attachment.pk for attachment in attachments}):
        raise ValidationError(
            {"attachments": _("One of the files was already used or removed. Add the file again.")}
        )
    # A queryset update writes no history by itself.
    Attachment.history.bulk_history_create(
        list(Attachment.objects.filter(incident=incident)),
        update=True,
        default_user=registered_by,
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
    digital_description = digital_description.strip()
    if not registered_by.is_authenticated or not registered_by.is_active:
        raise ValidationError(_("Only an active staff member can register an incident."))
    chosen = checklists_chosen(forms, examples, platforms, marks, digital_description)
    incident = Incident(
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        reported_at=reported_at,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name.strip(),
        location=location,
        description=description.strip(),
        digital_description=digital_description,
        classification=classification,
        severity=severity,
        registered_by=registered_by,
        registered_at=timezone.now(),
    )
    errors = _registration_errors(incident, chosen, involvements, attachments)
    if errors:
        raise ValidationError(errors)
    _incident_save(incident, chosen, involvements, attachments)
    visibility_sync(incidents=[incident])
    # The 24-hour registration rule is a deadline the reminder sweep watches.
    reminders_request_sweep()
    return incident
