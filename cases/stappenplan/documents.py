"""The documents a case produces: the handelingsplan and the suspension letter to parents."""

from collections import OrderedDict
from dataclasses import dataclass

from django.utils import timezone

from cases.models import (
    ActionPlan,
    ExternalHelp,
    Involvement,
    InvolvementRole,
    Pupil,
    School,
    Suspension,
)
from mozaiek.pdf import render_pdf
from protocol.models import Track


@dataclass(frozen=True)
class InvolvedPupil:
    pupil: Pupil
    roles: list[str]


def _involved_pupils(case) -> list[InvolvedPupil]:
    involvements = (
        Involvement.objects.filter(incident__case=case)
        .select_related("pupil__group")
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id")
    )
    by_pupil: OrderedDict[int, InvolvedPupil] = OrderedDict()
    for involvement in involvements:
        entry = by_pupil.setdefault(
            involvement.pupil_id, InvolvedPupil(pupil=involvement.pupil, roles=[])
        )
        label = involvement.get_role_display()
        if label not in entry.roles:
            entry.roles.append(label)
    return list(by_pupil.values())


def _school_of(pupils: list[InvolvedPupil]) -> School | None:
    if pupils:
        return pupils[0].pupil.school
    return School.objects.order_by("pk").first()


def action_plan_pdf(plan: ActionPlan) -> bytes:
    plan = (
        ActionPlan.objects.select_related("case", "made_with_ib", "created_by")
        .prefetch_related("items")
        .get(pk=plan.pk)
    )
    pupils = _involved_pupils(plan.case)
    items_by_track = OrderedDict((track, []) for track in Track)
    for item in plan.items.all():
        items_by_track[Track(item.track)].append(item)
    external_help = [ExternalHelp(code).label for code in plan.external_help if code != "other"]
    if plan.external_help_other:
        external_help.append(plan.external_help_other)
    teachers = list(plan.case.teachers.all())
    return render_pdf(
        "pdf/action_plan.html",
        {
            "plan": plan,
            "case": plan.case,
            "school": _school_of(pupils),
            "pupils": pupils,
            "tracks": [(track.label, items) for track, items in items_by_track.items()],
            "external_help": external_help,
            "teachers": teachers,
            "printed_on": timezone.localdate(),
        },
    )


def suspension_letter_pdf(suspension: Suspension) -> bytes:
    suspension = Suspension.objects.select_related("pupil__group", "pupil__school", "case").get(
        pk=suspension.pk
    )
    return render_pdf(
        "pdf/suspension_letter.html",
        {
            "suspension": suspension,
            "pupil": suspension.pupil,
            "school": suspension.pupil.school,
            "bully_label": InvolvementRole.BULLY.label,
            "printed_on": timezone.localdate(),
        },
    )
