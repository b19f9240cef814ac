"""Agreements with the pupils of a case, and their evaluation."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Agreement, AgreementOutcome, Case, Pupil
from cases.school.calendar import school_calendar
from cases.stappenplan.services.base import (
    ANYONE_ON_THE_CASE,
    Errors,
    create_record,
    full_clean,
    past_date,
    pupil_of_case,
    required_text,
    update_record,
)
from protocol.stappenplan import CaseState

AGREEMENT_FIELDS = ("pupil", "text", "made_on", "evaluate_on", "is_active")


def _clean_agreement(case: Case, a: Agreement, m2m: dict[str, Any]) -> None:
    errors = Errors()
    required_text(errors, a, "text", _("Write down the agreement."))
    past_date(errors, "made_on", a.made_on, _("the date the agreement was made"))
    pupil_of_case(errors, "pupil", a.pupil, case)
    if a.evaluate_on and a.made_on and a.evaluate_on < a.made_on:
        errors.add("evaluate_on", _("The evaluation cannot be before the agreement was made."))
    full_clean(errors, a)


@transaction.atomic
def agreement_record(
    *, case: Case, user: User, pupil: Pupil | None, text: str, made_on: date
) -> Agreement:
    """An agreement with a pupil (or with all, without `pupil`).

    Agreements of steps 1–2 are evaluated one week later (the step change to step 3 or 4 sets
    the first evaluation for all of them); agreements kept or adjusted later, two weeks later.
    """
    locked, agreement = create_record(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=Agreement,
        fields={"pupil": pupil, "text": text, "made_on": made_on},
        clean=_clean_agreement,
    )
    if made_on:
        calendar = school_calendar()
        agreement.evaluate_on = (
            calendar.first_evaluation_due(made_on)
            if locked.state in (CaseState.STEP_1, CaseState.STEP_2)
            else calendar.two_week_due(made_on)
        )
        agreement.save(update_fields=["evaluate_on"])
    return agreement


@transaction.atomic
def agreement_update(
    *, record: Agreement, user: User, expected_version: int, **fields: Any
) -> Agreement:
    _, agreement = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=AGREEMENT_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_agreement,
    )
    return agreement


def _clean_evaluation(case: Case, a: Agreement, m2m: dict[str, Any]) -> None:
    errors = Errors()
    if not a.is_active:
        errors.add("outcome", _("This agreement is no longer in force, so it is not evaluated."))
    if a.outcome not in AgreementOutcome.values:
        errors.add("outcome", _("Choose whether the agreement was kept, partly kept or not kept."))
    past_date(errors, "evaluated_on", a.evaluated_on, _("the date of the evaluation"))
    if a.evaluated_on and a.evaluated_on < a.made_on:
        errors.add("evaluated_on", _("The evaluation cannot be before the agreement was made."))
    a.evaluation_note = (a.evaluation_note or "").strip()
    full_clean(errors, a)


@transaction.atomic
def agreement_evaluate(
    *,
    agreement: Agreement,
    user: User,
    expected_version: int,
    outcome: str,
    evaluated_on: date,
    note: str = "",
) -> Agreement:
    _, agreement = update_record(
        record=agreement,
        user=user,
        expected_version=expected_version,
        fields={"outcome": outcome, "evaluated_on": evaluated_on, "evaluation_note": note},
        editable=("outcome", "evaluated_on", "evaluation_note"),
        who=ANYONE_ON_THE_CASE,
        clean=_clean_evaluation,
    )
    return agreement
