"""Recording, changing and evaluating agreements."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.models import AgreementOutcome
from cases.stappenplan.services.agreements import (
    agreement_evaluate,
    agreement_record,
    agreement_update,
)
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import do_step_4_work, finish_step_1, finish_step_2, today
from tests.factories import PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record(case, user, **overrides):
    fields = {"pupil": None, "text": "Niemand wordt buitengesloten.", "made_on": today()}
    fields.update(overrides)
    return agreement_record(case=case, user=user, **fields)


def test_an_agreement_of_step_1_or_2_is_evaluated_a_week_later(case, teacher, pupil_5):
    agreement = record(case, teacher, pupil=pupil_5, made_on=date(2026, 10, 30))

    assert agreement.pupil == pupil_5
    assert agreement.evaluate_on == date(2026, 11, 6)
    assert agreement.is_active and agreement.outcome == ""


def test_an_agreement_adjusted_in_step_4_is_evaluated_two_weeks_later(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)

    agreement = record(case, teacher, text="Sem speelt voorlopig aan de andere kant van het plein.")

    assert agreement.evaluate_on == date(2026, 11, 16)


def test_an_agreement_adjusted_in_step_4_need_not_be_evaluated_before_step_5(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    do_step_4_work(case, teacher)
    record(case, teacher, text="Sem speelt voorlopig aan de andere kant van het plein.")

    case_transition(case=case, name="complete_step_4", user=teacher)
    assert case.state == "step_5"


def test_an_agreement_needs_text_and_a_date_that_has_been(case, teacher):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, text=" ", made_on=today() + timedelta(days=2))
    assert set(raised.value.message_dict) == {"text", "made_on"}


def test_an_agreement_is_made_with_a_pupil_of_the_case(case, teacher):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, pupil=PupilFactory())
    assert "pupil" in raised.value.message_dict


def test_an_agreement_that_no_longer_applies_is_kept_but_not_evaluated(case, teacher):
    agreement = record(case, teacher)
    agreement = agreement_update(
        record=agreement, user=teacher, expected_version=1, is_active=False
    )

    assert not agreement.is_active
    with pytest.raises(ValidationError, match="no longer in force"):
        agreement_evaluate(
            agreement=agreement,
            user=teacher,
            expected_version=agreement.version,
            outcome=AgreementOutcome.KEPT,
            evaluated_on=today(),
        )


@pytest.mark.parametrize("outcome", list(AgreementOutcome))
def test_an_agreement_is_evaluated_kept_partly_or_not_kept(case, teacher, outcome):
    agreement = record(case, teacher)

    evaluated = agreement_evaluate(
        agreement=agreement,
        user=teacher,
        expected_version=1,
        outcome=outcome,
        evaluated_on=today(),
        note=" Besproken. ",
    )

    assert evaluated.outcome == outcome
    assert evaluated.evaluated_on == today()
    assert evaluated.evaluation_note == "Besproken."
    assert evaluated.version == 2


def test_an_evaluation_needs_an_outcome_and_a_date_after_the_agreement(case, teacher):
    agreement = record(case, teacher)
    with pytest.raises(ValidationError) as raised:
        agreement_evaluate(
            agreement=agreement,
            user=teacher,
            expected_version=1,
            outcome="maybe",
            evaluated_on=today() - timedelta(days=1),
        )
    assert set(raised.value.message_dict) == {"outcome", "evaluated_on"}


def test_an_evaluation_date_cannot_lie_before_the_agreement_is_made_when_edited(case, teacher):
    agreement = record(case, teacher)
    with pytest.raises(ValidationError) as raised:
        agreement_update(
            record=agreement,
            user=teacher,
            expected_version=1,
            evaluate_on=today() - timedelta(days=1),
        )
    assert "evaluate_on" in raised.value.message_dict
