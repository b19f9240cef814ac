"""The teacher's judgements on a case: analysis, severity, class conversation, effects."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.stappenplan.services.assessment import case_update_assessment
from cases.tests.case_steps import walk_to_step_5

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_analysis_and_severity_are_recorded_and_the_version_bumped(case, teacher):
    version = case.version

    updated = case_update_assessment(
        case=case,
        user=teacher,
        expected_version=version,
        analysis="  Drie voorvallen deze week.  ",
        judged_serious=True,
    )

    assert updated.analysis == "Drie voorvallen deze week."
    assert updated.judged_serious is True
    assert updated.version == version + 1
    assert updated.updated_by == teacher
    assert case.version == version + 1  # the caller's instance too


def test_only_the_given_fields_change(case, teacher, ib):
    case_update_assessment(case=case, user=teacher, expected_version=case.version, analysis="A")
    case_update_assessment(
        case=case,
        user=ib,
        expected_version=case.version,
        class_conversation_waived_reason="Alleen Sem en Lotte zijn betrokken.",
    )
    case.refresh_from_db()
    assert case.analysis == "A"
    assert case.class_conversation_waived_reason == "Alleen Sem en Lotte zijn betrokken."


def test_the_effects_are_judged_in_step_5_only(case, teacher):
    with pytest.raises(ValidationError) as raised:
        case_update_assessment(
            case=case, user=teacher, expected_version=case.version, step5_outcome_positive=True
        )
    assert "step5_outcome_positive" in raised.value.message_dict

    walk_to_step_5(case, teacher)
    case_update_assessment(
        case=case, user=teacher, expected_version=case.version, step5_outcome_positive=False
    )
    case.refresh_from_db()
    assert case.step5_outcome_positive is False


def test_a_judgement_is_yes_no_or_not_yet(case, teacher):
    with pytest.raises(ValidationError) as raised:
        case_update_assessment(
            case=case, user=teacher, expected_version=case.version, judged_serious="misschien"
        )
    assert "judged_serious" in raised.value.message_dict


def test_the_state_cannot_be_written_here(case, teacher):
    with pytest.raises(TypeError):
        case_update_assessment(case=case, user=teacher, expected_version=1, state="closed")
    case.refresh_from_db()
    assert case.state == "step_1"


def test_an_outsider_cannot_change_the_assessment(case, other_teacher):
    with pytest.raises(PermissionDenied):
        case_update_assessment(
            case=case, user=other_teacher, expected_version=case.version, analysis="x"
        )
