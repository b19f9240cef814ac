"""The pupils of a case with their roles, and what the workspace's selects offer."""

from collections.abc import Iterable, Sequence
from typing import Any

from cases.models import Case, Involvement
from cases.stappenplan.forms import CaseChoices, InvolvedPupil, staff_choices
from protocol.models import SuggestedAction

ROLE_ORDER = ("bully", "victim", "follower", "defender", "bystander")


def involved_from(involvements: Iterable[Involvement]) -> list[InvolvedPupil]:
    """Each pupil once, with all their roles; bullies first, then victims, then the rest."""
    by_pupil: dict[int, tuple[Any, list[str]]] = {}
    for involvement in involvements:
        pupil, roles = by_pupil.setdefault(involvement.pupil_id, (involvement.pupil, []))
        if involvement.role not in roles:
            roles.append(involvement.role)
    pupils = [
        InvolvedPupil(pupil, tuple(sorted(roles, key=ROLE_ORDER.index)))
        for pupil, roles in by_pupil.values()
    ]
    return sorted(
        pupils,
        key=lambda p: (ROLE_ORDER.index(p.roles[0]), p.pupil.last_name, p.pupil.first_name),
    )


def involved_pupils(case: Case) -> list[InvolvedPupil]:
    """The pupils of the case's incidents with their roles, in one query."""
    return involved_from(
        Involvement.objects.filter(incident__case=case).select_related("pupil__group")
    )


def case_choices(pupils: Sequence[InvolvedPupil]) -> CaseChoices:
    """What the workspace's selects offer, read once for all its forms (3 queries)."""
    return CaseChoices(
        pupils=pupils,
        suggested_actions=list(
            SuggestedAction.objects.filter(is_active=True).order_by("track", "order", "pk")
        ),
        **staff_choices(),
    )
