"""The measures of steps 7 and 8 and their rules: a temporary placement in another group or
school, and a suspension of at most five school days with its flags for the Inspectie and
the school board.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case, DeadlineResolution, Placement, PlacementKind, Pupil, Suspension
from cases.school.calendar import school_calendar
from cases.stappenplan.facts import case_pupils
from cases.stappenplan.services.base import (
    MANAGEMENT_ONLY,
    Errors,
    create_record,
    full_clean,
    past_date,
    required_text,
    sync_case,
    update_record,
)
from cases.stappenplan.services.deadlines import refresh_next_deadline, resolve_deadlines
from protocol.stappenplan import (
    BULLY,
    DeadlineRule,
    needs_board_consultation,
    needs_inspectie_notice,
    validate_placement,
    validate_suspension,
)

# Step 7: a temporary placement.

PLACEMENT_FIELDS = (
    "kind",
    "destination",
    "start_date",
    "end_date",
    "review_on",
    "reviewed_on",
    "review_note",
)


def _clean_placement(case: Case, p: Placement, m2m: dict[str, Any]) -> None:
    errors = Errors()
    pupils = case_pupils(case)
    if p.pupil_id not in pupils:
        errors.add("pupil", _("Choose a pupil involved in this case."))
    else:
        role = pupils[p.pupil_id].role
        for problem in validate_placement(role, date.min, date.min, date.min):
            errors.add("pupil", problem)
    if p.kind not in PlacementKind.values:
        errors.add("kind", _("Choose another group or another school."))
    required_text(errors, p, "destination", _("Write down the group or school."))
    for field, what in (
        ("start_date", _("the first day")),
        ("end_date", _("the last day")),
        ("review_on", _("the review date")),
    ):
        if getattr(p, field) is None:
            errors.add(field, _("Fill in %(what)s.") % {"what": what})
    if p.start_date and p.end_date and p.review_on:
        field = "end_date" if p.end_date < p.start_date else "review_on"
        for problem in validate_placement(BULLY, p.start_date, p.end_date, p.review_on):
            errors.add(field, problem)
    if p.reviewed_on is not None:
        past_date(errors, "reviewed_on", p.reviewed_on, _("the date of the review"))
    p.review_note = (p.review_note or "").strip()
    full_clean(errors, p)


@transaction.atomic
def placement_record(
    *,
    case: Case,
    user: User,
    pupil: Pupil,
    kind: str,
    destination: str,
    start_date: date,
    end_date: date,
    review_on: date,
) -> Placement:
    """A bully or victim placed temporarily in another group or school (step 7)."""
    _, placement = create_record(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=Placement,
        fields={
            "pupil": pupil,
            "kind": kind,
            "destination": destination,
            "start_date": start_date,
            "end_date": end_date,
            "review_on": review_on,
        },
        clean=_clean_placement,
        measure=True,
    )
    return placement


@transaction.atomic
def placement_update(
    *, record: Placement, user: User, expected_version: int, **fields: Any
) -> Placement:
    """Change a placement; recording `reviewed_on` meets the deadline of its review."""
    locked_case, placement = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=PLACEMENT_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_placement,
    )
    if not locked_case.placements.filter(reviewed_on__isnull=True).exists():
        resolve_deadlines(locked_case, [DeadlineRule.PLACEMENT_REVIEW], DeadlineResolution.MET)
        refresh_next_deadline(locked_case)
    return placement


# Step 8: a suspension.

SUSPENSION_FIELDS = ("start_date", "end_date", "reason", "objection_procedure")


def _clean_suspension(case: Case, s: Suspension, m2m: dict[str, Any]) -> None:
    errors = Errors()
    pupils = case_pupils(case)
    role = pupils[s.pupil_id].role if s.pupil_id in pupils else None
    if role is None:
        errors.add("pupil", _("Choose a pupil involved in this case."))
    else:
        for problem in validate_suspension(role, 1):
            errors.add("pupil", problem)
    if s.start_date is None:
        errors.add("start_date", _("Fill in the first day."))
    if s.end_date is None:
        errors.add("end_date", _("Fill in the last day."))
    if s.start_date and s.end_date:
        if s.end_date < s.start_date:
            errors.add("end_date", _("The last day cannot be before the first day."))
        else:
            s.school_days = school_calendar().school_days_between(s.start_date, s.end_date)
            for problem in validate_suspension(BULLY, s.school_days):
                errors.add("end_date", problem)
    required_text(errors, s, "reason", _("Write down the reason for the suspension."))
    required_text(
        errors,
        s,
        "objection_procedure",
        _("Write down how the parents can object to the suspension."),
    )
    full_clean(errors, s, exclude=["school_days"])


def _refresh_suspension_flags(case: Case) -> None:
    """More than one school day: notice to the Inspectie. A pupil's second suspension: consult
    the school board (Bevoegd Gezag) about a removal procedure."""
    days = list(case.suspensions.values_list("pupil_id", "school_days"))
    counts = (
        Suspension.objects.filter(pupil_id__in={pupil for pupil, _ in days})
        .values("pupil_id")
        .annotate(n=Count("pk"))
    )
    case.inspectie_notice_required = any(needs_inspectie_notice(d) for _, d in days)
    case.board_consultation_required = any(needs_board_consultation(row["n"] - 1) for row in counts)
    case.save(update_fields=["inspectie_notice_required", "board_consultation_required"])


@transaction.atomic
def suspension_record(
    *,
    case: Case,
    user: User,
    pupil: Pupil,
    start_date: date,
    end_date: date,
    reason: str,
    objection_procedure: str,
) -> Suspension:
    """A bully suspended for at most five school days (step 8), counted on the school
    calendar. Raises the case's flags for the Inspectie and the school board."""
    locked, suspension = create_record(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=Suspension,
        fields={
            "pupil": pupil,
            "start_date": start_date,
            "end_date": end_date,
            "reason": reason,
            "objection_procedure": objection_procedure,
        },
        clean=_clean_suspension,
        measure=True,
    )
    _refresh_suspension_flags(locked)
    sync_case(case, locked)
    return suspension


@transaction.atomic
def suspension_update(
    *, record: Suspension, user: User, expected_version: int, **fields: Any
) -> Suspension:
    locked_case, suspension = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=SUSPENSION_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_suspension,
    )
    _refresh_suspension_flags(locked_case)
    return suspension
