"""The verification of a reported incident (protocol §11, "Vooraf"): who may verify it, and
what follows. Teasing and aggression end here with a follow-up note; bullying opens a case at
step 1 through the stappenplan's own step change, or joins an open case.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import Case, Classification, Incident
from cases.stappenplan.selectors import incident_verifier_q
from cases.stappenplan.services.base import (
    Errors,
    actor_kinds_for,
    lock_case,
)
from cases.stappenplan.services.transition import fire_transition
from cases.visibility.permissions import visibility_sync
from protocol.stappenplan import BULLY, VICTIM, Actor, CaseFacts, CaseState, check


def may_verify_incident(*, user: User, incident: Incident) -> bool:
    """The incident's teacher (who registered it, or teaches a pupil involved) or the IB."""
    return Incident.objects.filter(pk=incident.pk).filter(incident_verifier_q(user)).exists()


@transaction.atomic
def incident_verify(
    *,
    incident: Incident,
    user: User,
    classification: str,
    note: str = "",
    case: Case | None = None,
) -> Case | None:
    """Verify a reported incident (protocol §11, "Vooraf").

    Teasing or aggression: recorded with a follow-up note, no case. Bullying: opens a case at
    step 1, or with `case` joins that open case. Returns the case, or None.
    """
    locked = _lock_unverified(incident, user)
    note = note.strip()
    if classification in (Classification.TEASING, Classification.AGGRESSION):
        _require_follow_up(note, case)
        _mark_verified(incident, locked, user, classification, note, None)
        return None
    if classification != Classification.BULLYING:
        errors = Errors()
        errors.add("classification", _("Choose teasing, bullying or aggression."))
        errors.raise_if_any()
    if case is not None:
        return _join_case(incident, locked, user, classification, note, case)
    return _open_case(incident, locked, user, classification, note)


def _lock_unverified(incident: Incident, user: User) -> Incident:
    """The incident, locked, once `user` may verify it and nobody has yet."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if not may_verify_incident(user=user, incident=locked):
        raise PermissionDenied(
            _(
                "Only the teacher who registered the report, the teacher of the pupils "
                "involved or the IB can verify it."
            )
        )
    if locked.verified_at is not None:
        raise ValidationError(
            _("This report was already verified by %(who)s on %(when)s.")
            % {
                "who": locked.verified_by,
                "when": timezone.localtime(locked.verified_at).strftime("%d-%m-%Y %H:%M"),
            }
        )
    return locked


def _require_follow_up(note: str, case: Case | None) -> None:
    """Teasing or aggression is closed with a follow-up note, and never added to a case."""
    errors = Errors()
    if not note:
        errors.add(
            "note",
            _(
                "Write down how the incident was followed up: teasing or aggression is "
                "closed here, without a case."
            ),
        )
    if case is not None:
        errors.add("case", _("Only bullying is added to a case."))
    errors.raise_if_any()


def _join_case(
    incident: Incident, locked: Incident, user: User, classification: str, note: str, case: Case
) -> Case:
    """Add the bullying incident to the open `case`, which `user` is on the team of."""
    target = lock_case(case)
    if target.state == CaseState.CLOSED:
        raise ValidationError(
            {"case": _("That case is closed; choose an open case or open a new one.")}
        )
    if not actor_kinds_for(user=user, case=target):
        raise PermissionDenied(_("You are not on the team of that case."))
    _mark_verified(incident, locked, user, classification, note, target)
    # The case's teachers now see the incident; its pupils' teachers see the case.
    visibility_sync(incidents=[locked])
    return target


def _open_case(
    incident: Incident, locked: Incident, user: User, classification: str, note: str
) -> Case:
    """Open a case for the bullying incident and take it to step 1.

    Its teachers are those of the pupils involved and the teacher who registered the report.
    """
    roles = list(locked.involvements.values_list("role", flat=True))
    facts = CaseFacts(
        classified_as_bullying=True,
        bully_count=roles.count(BULLY),
        victim_count=roles.count(VICTIM),
    )
    decision = check("verify_as_bullying", CaseState.REPORTED, facts, {Actor.CASE_TEAM})
    if not decision:
        # Shown at the choice of bullying: the pupils involved do not make it bullying (yet).
        raise ValidationError({"classification": decision.message})
    new_case = Case(
        state=CaseState.REPORTED, opened_at=timezone.now(), opened_by=user, updated_by=user
    )
    new_case._history_user = user
    new_case.save()
    teachers = set(
        User.objects.filter(
            teaching_groups__pupils__involvements__incident=locked, is_active=True
        ).values_list("pk", flat=True)
    )
    if locked.registered_by.has_role(Role.TEACHER) and locked.registered_by.is_active:
        teachers.add(locked.registered_by_id)
    new_case.teachers.add(*teachers)
    _mark_verified(incident, locked, user, classification, note, new_case)
    visibility_sync(incidents=[locked])
    fire_transition(new_case, decision.transition, facts, user, note)
    return new_case


def _mark_verified(
    incident: Incident,
    locked: Incident,
    user: User,
    classification: str,
    note: str,
    case: Case | None,
) -> None:
    """Save the verification on the `locked` incident and bring the caller's up to date."""
    locked._history_user = user
    locked.verified_at = timezone.now()
    locked.verified_by = user
    locked.verified_classification = classification
    locked.follow_up_note = note
    locked.case = case
    locked.save(
        update_fields=[
            "verified_at",
            "verified_by",
            "verified_classification",
            "follow_up_note",
            "case",
        ]
    )
    _sync_incident(incident, locked)


def _sync_incident(target: Incident, source: Incident) -> None:
    if target is not source:
        for field in (
            "verified_at",
            "verified_by_id",
            "verified_classification",
            "follow_up_note",
            "case_id",
        ):
            setattr(target, field, getattr(source, field))
