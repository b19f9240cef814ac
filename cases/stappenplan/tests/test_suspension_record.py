"""Step 8: a bully suspended for at most five school days."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Holiday, Suspension
from cases.stappenplan.services.measures import suspension_record, suspension_update
from cases.tests.case_steps import bullying_incident, escalate_to_step_6, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def suspend(case, user, pupil, start, end):
    return suspension_record(
        case=case,
        user=user,
        pupil=pupil,
        start_date=start,
        end_date=end,
        reason="Aanhoudend pestgedrag.",
        objection_procedure="Bezwaar binnen zes weken bij het schoolbestuur.",
    )


def test_a_suspension_counts_school_days_and_raises_the_inspectie_notice(
    case_at_step_6, directie, pupil_5
):
    suspension = suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 11))

    assert suspension.school_days == 3
    assert case_at_step_6.inspectie_notice_required  # the caller's case is up to date
    case_at_step_6.refresh_from_db()
    assert case_at_step_6.inspectie_notice_required
    assert not case_at_step_6.board_consultation_required


def test_a_one_day_suspension_needs_no_inspectie_notice(case_at_step_6, directie, pupil_5):
    suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 9))

    case_at_step_6.refresh_from_db()
    assert not case_at_step_6.inspectie_notice_required


def test_five_school_days_across_a_weekend_are_allowed(case_at_step_6, directie, pupil_5):
    # Thursday to Wednesday: seven days, five of them school days.
    suspension = suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 12), date(2026, 11, 18))
    assert suspension.school_days == 5


def test_a_six_day_suspension_is_refused(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 16))

    assert raised.value.message_dict["end_date"] == [
        "A suspension lasts at most five school days; this one lasts 6."
    ]
    assert not Suspension.objects.exists()
    case_at_step_6.refresh_from_db()
    assert not case_at_step_6.inspectie_notice_required


def test_holidays_are_no_school_days_of_a_suspension(
    case_at_step_6, directie, pupil_5, school_year
):
    Holiday.objects.create(
        school_year=school_year,
        name="Studiedag",
        start_date=date(2026, 11, 11),
        end_date=date(2026, 11, 11),
    )
    # Monday to the next Monday without the Wednesday: five school days.
    suspension = suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 16))
    assert suspension.school_days == 5


def test_a_suspension_of_a_victim_is_refused(case_at_step_6, directie, pupil_5b):
    with pytest.raises(ValidationError) as raised:
        suspend(case_at_step_6, directie, pupil_5b, date(2026, 11, 9), date(2026, 11, 9))
    assert raised.value.message_dict["pupil"] == ["Only a bully can be suspended."]


def test_a_suspension_lasts_at_least_one_school_day(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 7), date(2026, 11, 8))
    assert raised.value.message_dict["end_date"] == ["A suspension lasts at least one school day."]


def test_a_suspension_ends_after_it_starts(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 6))
    assert "end_date" in raised.value.message_dict


def test_the_second_suspension_of_a_pupil_flags_the_school_board(case_at_step_6, directie, pupil_5):
    suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 9))
    case_at_step_6.refresh_from_db()
    assert not case_at_step_6.board_consultation_required

    suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 23), date(2026, 11, 23))

    case_at_step_6.refresh_from_db()
    assert case_at_step_6.board_consultation_required


def test_an_earlier_suspension_in_another_case_counts(
    case_at_step_6, teacher, ib, directie, pupil_5, pupil_7
):
    suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 9))
    other = open_case(bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_7), ib)
    escalate_to_step_6(other, ib, ib)

    suspend(other, directie, pupil_5, date(2026, 12, 7), date(2026, 12, 7))

    other.refresh_from_db()
    assert other.board_consultation_required


def test_only_the_directie_or_ib_suspends(case_at_step_6, teacher, pupil_5):
    with pytest.raises(PermissionDenied):
        suspend(case_at_step_6, teacher, pupil_5, date(2026, 11, 9), date(2026, 11, 9))


def test_a_suspension_comes_after_step_6(case, directie, pupil_5):
    with pytest.raises(ValidationError, match="from step 6 on"):
        suspend(case, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 9))


def test_a_suspension_needs_a_reason_and_the_way_to_object(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        suspension_record(
            case=case_at_step_6,
            user=directie,
            pupil=pupil_5,
            start_date=date(2026, 11, 9),
            end_date=date(2026, 11, 9),
            reason="",
            objection_procedure=" ",
        )
    assert set(raised.value.message_dict) == {"reason", "objection_procedure"}


def test_shortening_a_suspension_to_one_day_lifts_the_inspectie_notice(
    case_at_step_6, directie, pupil_5
):
    suspension = suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 10))

    suspension_update(
        record=suspension, user=directie, expected_version=1, end_date=date(2026, 11, 9)
    )

    suspension.refresh_from_db()
    assert suspension.school_days == 1
    case_at_step_6.refresh_from_db()
    assert not case_at_step_6.inspectie_notice_required


def test_lengthening_a_suspension_past_five_school_days_is_refused(
    case_at_step_6, directie, pupil_5
):
    suspension = suspend(case_at_step_6, directie, pupil_5, date(2026, 11, 9), date(2026, 11, 13))
    with pytest.raises(ValidationError):
        suspension_update(
            record=suspension, user=directie, expected_version=1, end_date=date(2026, 11, 16)
        )
    suspension.refresh_from_db()
    assert suspension.school_days == 5 and suspension.end_date == date(2026, 11, 13)
