"""Correcting a registered incident (art. 16 AVG): its facts, checklists and pupils.

Who may correct: the teacher who registered it, within 24 hours of registering, and the IB,
always. A correction needs a reason. The incident's history keeps every earlier version, its
checklists and pupils included; an `IncidentCorrection` row keeps who, when, why and what.

A case reads two things from its incidents for the stappenplan's guards: which pupils are
involved in which role, and whether parents reported it. While the case is at step 1 (or not
yet started) the guards read them afresh, so a correction simply counts. Once the case is past
step 1, the steps taken were decided on those facts: a correction that changes them is refused
with the reason, and the change belongs on the case (a new incident, or a new round). A closed
case takes no more steps, so there the correction is made.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.incidents.rules import (
    ErrorDict,
    add_error,
    anonymous_with_name_error,
    description_required_error,
    duplicate_pupil_error,
    incident_check_dates,
    incident_check_digital,
)
from cases.incidents.services import Checklists, checklists_chosen, incident_save_with_lists
from cases.models import (
    REGISTRATION_WINDOW,
    Case,
    Classification,
    Incident,
    IncidentCorrection,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    Severity,
)
from cases.stappenplan.facts import case_pupils
from cases.visibility.permissions import visibility_sync
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormExample
from protocol.stappenplan import CaseState

CORRECTION_WINDOW = REGISTRATION_WINDOW
# The facts a correction may change, besides the checklists and the pupils.
FACT_FIELDS = (
    "occurred_on",
    "occurred_time",
    "reporter_kind",
    "reporter_name",
    "location",
    "description",
    "digital_description",
    "classification",
    "severity",
)
CHECKLISTS = ("forms", "examples", "platforms", "marks")
# Case states in which the guards still read the incidents' facts afresh.
_FACTS_STILL_OPEN = (CaseState.REPORTED, CaseState.STEP_1, CaseState.CLOSED)


def incident_may_correct(*, incident: Incident, user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_role(Role.IB):
        return True
    return (
        incident.registered_by_id == user.pk
        and timezone.now() <= incident.registered_at + CORRECTION_WINDOW
    )


_CHOICES = {
    "reporter_kind": ReporterKind,
    "location": Location,
    "classification": Classification,
    "severity": Severity,
}
_CHOICE_FIELDS = tuple(_CHOICES)


def _check_choices(errors: ErrorDict, incident: Incident) -> None:
    for field, choices in _CHOICES.items():
        if getattr(incident, field) not in choices.values:
            add_error(
                errors, field, ValidationError(_("Choose one of the options."), code="invalid")
            )


def _check_involvements(
    errors: ErrorDict, involvements: Sequence[tuple[Pupil, str]], already: set[int]
) -> None:
    if not involvements:
        add_error(
            errors,
            "involvements",
            ValidationError(_("An incident keeps at least one pupil."), code="required"),
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
        # A pupil who has left stays on what was recorded, but is not added anew.
        if not pupil.is_active and pupil.pk not in already:
            add_error(
                errors,
                "involvements",
                ValidationError(
                    _("%(pupil)s has left the school and cannot be added."),
                    code="inactive_pupil",
                    params={"pupil": pupil},
                ),
            )


def _errors(
    incident: Incident,
    chosen: Checklists,
    involvements: Sequence[tuple[Pupil, str]],
    already: set[int],
    reason: str,
) -> ErrorDict:
    errors: ErrorDict = {}
    found = incident_check_dates(
        occurred_on=incident.occurred_on,
        occurred_time=incident.occurred_time,
        reported_at=incident.reported_at,
    )
    found.update(
        incident_check_digital(
            forms=chosen.forms,
            platforms=chosen.platforms,
            digital_description=incident.digital_description,
        )
    )
    for field, field_errors in found.items():
        errors.setdefault(field, []).extend(field_errors)
    _check_involvements(errors, involvements, already)
    _check_choices(errors, incident)
    if incident.reporter_kind == ReporterKind.ANONYMOUS and incident.reporter_name:
        add_error(errors, "reporter_name", anonymous_with_name_error())
    if not incident.description:
        add_error(errors, "description", description_required_error())
    if not reason:
        add_error(
            errors,
            "reason",
            ValidationError(_("Say why the incident is corrected."), code="required"),
        )
    try:
        # Lengths and the like, as the model defines them; choices were checked above.
        incident.clean_fields(exclude=["registered_by", *_CHOICE_FIELDS, "description"])
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    return errors


def _case_facts_of(case: Case | None) -> tuple | None:
    """What the case's guards read from its incidents: pupils with roles, parents reported."""
    if case is None:
        return None
    roles = {pk: entry.roles for pk, entry in case_pupils(case).items()}
    parents = case.incidents.filter(reporter_kind=ReporterKind.PARENT).exists()
    return roles, parents


def _set_involvements(
    incident: Incident, involvements: Sequence[tuple[Pupil, str]], *, by: User, reason: str
) -> bool:
    """Make the incident's pupils and roles those given, each change kept in the history."""
    wanted = {pupil.pk: role for pupil, role in involvements}
    changed = False
    for involvement in list(incident.involvements.all()):
        involvement._history_user = by
        involvement._change_reason = reason[:100]
        role = wanted.pop(involvement.pupil_id, None)
        if role is None:
            involvement.delete()
            changed = True
        elif role != involvement.role:
            involvement.role = role
            involvement.save()
            changed = True
    for pupil_id, role in wanted.items():
        added = Involvement(incident=incident, pupil_id=pupil_id, role=role)
        added._history_user = by
        added._change_reason = reason[:100]
        added.save()
        changed = True
    return changed


def _refuse_when_case_guards_change(incident: Incident, before: tuple | None) -> None:
    case = incident.case
    if case is None or case.state in _FACTS_STILL_OPEN or before == _case_facts_of(case):
        return
    raise ValidationError(
        _(
            "This incident belongs to case #%(case)s, which is at “%(step)s”. The steps taken "
            "so far were based on its pupils, their roles and who reported it, so these "
            "cannot be corrected here any more. Record the new facts on the case instead "
            "(for example as a new incident of the case)."
        ),
        code="case_guards",
        params={"case": case.pk, "step": CaseState(case.state).label},
    )


def _lock_for(incident: Incident, by: User) -> Incident:
    """The incident, locked with its case, when `by` may correct it."""
    incident = (
        Incident.objects.select_for_update(of=("self",)).select_related("case").get(pk=incident.pk)
    )
    if incident.case_id:
        Case.objects.select_for_update().filter(pk=incident.case_id).first()
    if not incident_may_correct(incident=incident, user=by):
        raise PermissionDenied(
            _(
                "Only the teacher who registered the incident (within 24 hours) and the IB "
                "can correct it."
            )
        )
    return incident


def _snapshot(incident: Incident) -> dict:
    old = {field: getattr(incident, field) for field in FACT_FIELDS}
    for field in CHECKLISTS:
        old[field] = set(getattr(incident, field).values_list("pk", flat=True))
    return old


def _set_facts(incident: Incident, **values) -> None:
    for field, value in values.items():
        setattr(incident, field, value)


def _changed(incident: Incident, chosen: Checklists, old: dict) -> list[str]:
    changed = [field for field in FACT_FIELDS if getattr(incident, field) != old[field]]
    return changed + [
        field for field in CHECKLISTS if {item.pk for item in getattr(chosen, field)} != old[field]
    ]


def _save(
    incident: Incident,
    chosen: Checklists,
    changed: list[str],
    *,
    by: User,
    reason: str,
    before_facts: tuple | None,
) -> IncidentCorrection:
    incident._history_user = by
    incident._change_reason = reason[:100]
    incident_save_with_lists(incident, chosen, history_type="~")
    _refuse_when_case_guards_change(incident, before_facts)
    correction = IncidentCorrection(
        incident=incident,
        corrected_by=by,
        corrected_at=timezone.now(),
        reason=reason,
        fields=changed,
    )
    correction._history_user = by
    correction.save()
    if "involvements" in changed:
        visibility_sync(incidents=[incident])
    return correction


@transaction.atomic
def incident_correct(
    *,
    incident: Incident,
    by: User,
    reason: str,
    occurred_on: datetime.date,
    occurred_time: datetime.time | None,
    reporter_kind: str,
    reporter_name: str,
    location: str,
    description: str,
    digital_description: str,
    classification: str,
    severity: str,
    forms: Iterable[BullyingForm],
    examples: Iterable[FormExample],
    platforms: Iterable[DigitalPlatform],
    marks: Iterable[BullyingMark],
    involvements: Sequence[tuple[Pupil, str]],
) -> IncidentCorrection | None:
    """Correct `incident`; returns the correction, or None when nothing changed.

    Raises PermissionDenied for someone who may not correct it, ValidationError keyed by
    field (nothing saved) for wrong input or a change the case's steps no longer allow.
    """
    incident = _lock_for(incident, by)
    reason = reason.strip()
    before_facts = _case_facts_of(incident.case)
    old = _snapshot(incident)
    digital_description = digital_description.strip()
    _set_facts(
        incident,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name.strip(),
        location=location,
        description=description.strip(),
        digital_description=digital_description,
        classification=classification,
        severity=severity,
    )
    chosen = checklists_chosen(
        list(forms), list(examples), list(platforms), list(marks), digital_description
    )
    already = set(incident.involvements.values_list("pupil_id", flat=True))
    errors = _errors(incident, chosen, involvements, already, reason)
    if errors:
        raise ValidationError(errors)

    changed = _changed(incident, chosen, old)
    if _set_involvements(incident, involvements, by=by, reason=reason):
        changed.append("involvements")
    if not changed:
        return None
    return _save(incident, chosen, changed, by=by, reason=reason, before_facts=before_facts)
