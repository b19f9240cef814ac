"""The deadlines a case's step changes set, at the edges of weekends and holidays."""

from datetime import date, datetime

import pytest
import time_machine

from cases.models import ConversationKind, Holiday, ReporterKind, SchoolYear
from cases.school.calendar import school_calendar
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.services.measures import placement_record, placement_update
from cases.stappenplan.services.parents import parent_contact_record
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import (
    bullies,
    bullying_incident,
    do_step_2_work,
    do_step_4_work,
    do_step_5_work,
    escalate_to_step_6,
    finish_step_1,
    finish_step_2,
    finish_step_3,
    finish_step_4,
    give_all_consents,
    hold_step_6_meeting,
    open_case,
    talk,
    victims,
    walk_to_step_5,
)
from protocol.calendar import AMSTERDAM
from protocol.stappenplan import DeadlineRule
from tests.factories import SchoolYearFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = DeadlineRule


def at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, 10, 0, tzinfo=AMSTERDAM), tick=False)


def open_deadlines(case) -> dict[str, date]:
    return dict(case.deadlines.filter(resolved_at__isnull=True).values_list("kind", "due_on"))


@pytest.fixture
def autumn_holiday(school_year):
    # Herfstvakantie regio zuid 2026: Saturday 17 to Sunday 25 October.
    return Holiday.objects.create(
        school_year=school_year,
        name="Herfstvakantie",
        start_date=date(2026, 10, 17),
        end_date=date(2026, 10, 25),
    )


@pytest.fixture
def christmas_holiday(school_year):
    return Holiday.objects.create(
        school_year=school_year,
        name="Kerstvakantie",
        start_date=date(2026, 12, 19),
        end_date=date(2027, 1, 3),
    )


def case_at_step_2(teacher, bully, victim, reporter_kind=ReporterKind.PUPIL):
    incident = bullying_incident(
        registered_by=teacher, bully=bully, victim=victim, reporter_kind=reporter_kind
    )
    case = open_case(incident, teacher)
    finish_step_1(case, teacher)
    return case


def test_agreements_on_the_friday_before_a_holiday_week_are_evaluated_after_it(
    autumn_holiday, teacher, pupil_5, pupil_5b
):
    with at(2026, 10, 16):  # Friday
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)

    case.refresh_from_db()
    assert case.next_deadline == date(2026, 10, 26)  # the Monday after the holiday
    assert case.next_deadline_kind == D.FIRST_EVALUATION
    assert set(case.agreements.values_list("evaluate_on", flat=True)) == {date(2026, 10, 26)}


def test_agreements_a_week_before_the_friday_before_a_holiday_keep_their_week(
    autumn_holiday, teacher, pupil_5, pupil_5b
):
    with at(2026, 10, 9):  # Friday, a week earlier: due on the last school day before it
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)

    case.refresh_from_db()
    assert case.next_deadline == date(2026, 10, 16)


def test_the_first_evaluation_counts_from_the_latest_agreement(
    autumn_holiday, teacher, pupil_5, pupil_5b
):
    with at(2026, 10, 14):  # Wednesday; the agreements were made on Monday and Wednesday
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        do_step_2_work(case, teacher, made_on=date(2026, 10, 12))
        first = case.agreements.first()
        first.made_on = date(2026, 10, 14)
        first.save()
        case_transition(case=case, name="skip_step_3", user=teacher)

    case.refresh_from_db()
    # Wednesday 21 October lies in the holiday.
    assert case.next_deadline == date(2026, 10, 26)


def test_a_first_evaluation_on_a_saturday_moves_to_monday(clock, teacher, pupil_5, pupil_5b):
    case = case_at_step_2(teacher, pupil_5, pupil_5b)
    do_step_2_work(case, teacher, made_on=date(2026, 10, 31))  # a Saturday
    case_transition(case=case, name="skip_step_3", user=teacher)

    assert open_deadlines(case) == {D.FIRST_EVALUATION: date(2026, 11, 9)}


def test_a_single_day_off_moves_the_deadline_one_day(
    school_year, clock, teacher, pupil_5, pupil_5b
):
    Holiday.objects.create(
        school_year=school_year,
        name="Studiedag",
        start_date=date(2026, 11, 9),
        end_date=date(2026, 11, 9),
    )
    case = case_at_step_2(teacher, pupil_5, pupil_5b)
    finish_step_2(case, teacher)  # Monday 2 November

    assert open_deadlines(case) == {D.FIRST_EVALUATION: date(2026, 11, 10)}


def test_holiday_rows_of_two_school_years_that_meet_are_one_holiday(
    school, teacher, pupil_5, pupil_5b
):
    this_year = SchoolYearFactory(school=school)
    next_year = SchoolYearFactory(
        school=school, name="2027-2028", start_date=date(2027, 8, 23), end_date=date(2028, 7, 7)
    )
    Holiday.objects.create(
        school_year=this_year,
        name="Zomervakantie",
        start_date=date(2027, 7, 10),
        end_date=date(2027, 7, 31),
    )
    Holiday.objects.create(
        school_year=next_year,
        name="Zomervakantie",
        start_date=date(2027, 8, 1),
        end_date=date(2027, 8, 22),
    )
    with at(2027, 7, 5):
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)

    assert open_deadlines(case) == {D.FIRST_EVALUATION: date(2027, 8, 23)}


def test_overlapping_holiday_rows_move_a_deadline_past_both(school_year, clock):
    Holiday.objects.create(
        school_year=school_year,
        name="Kerstvakantie",
        start_date=date(2026, 12, 19),
        end_date=date(2027, 1, 3),
    )
    Holiday.objects.create(
        school_year=school_year,
        name="Extra vrije dagen",
        start_date=date(2027, 1, 1),
        end_date=date(2027, 1, 5),
    )
    calendar = school_calendar()

    assert calendar.first_evaluation_due(date(2026, 12, 18)) == date(2027, 1, 6)


def test_the_school_calendar_reads_holidays_and_school_years_in_two_queries(
    school_year, django_assert_num_queries
):
    for month in (2, 4, 5):
        Holiday.objects.create(
            school_year=school_year,
            name=f"Vakantie {month}",
            start_date=date(2027, month, 1),
            end_date=date(2027, month, 5),
        )
    with django_assert_num_queries(2):
        calendar = school_calendar()
    assert calendar.is_holiday(date(2027, 4, 3))
    assert not calendar.is_holiday(date(2027, 4, 6))


def test_the_conversation_after_two_weeks_moves_past_christmas(
    christmas_holiday, teacher, pupil_5, pupil_5b
):
    with at(2026, 12, 7):
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)
        finish_step_4(case, teacher)  # the evaluation conversation on Monday 7 December

    case.refresh_from_db()
    assert case.next_deadline == date(2027, 1, 4)
    assert case.next_deadline_kind == D.NEXT_CONVERSATION


def test_the_two_weeks_count_from_the_evaluation_conversation_not_from_the_step_change(
    teacher, pupil_5, pupil_5b
):
    with at(2026, 11, 2):
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)
    with at(2026, 11, 11):
        do_step_4_work(case, teacher)
        # The evaluation was held on the 9th and entered on the 11th.
        case.conversations.filter(stage=case.transitions.last()).update(held_on=date(2026, 11, 9))
        case_transition(case=case, name="complete_step_4", user=teacher)

    assert open_deadlines(case) == {D.NEXT_CONVERSATION: date(2026, 11, 23)}


def test_an_action_plan_is_evaluated_after_two_weeks_on_a_school_day(
    christmas_holiday, teacher, ib, pupil_5, pupil_5b
):
    with at(2026, 12, 7):
        case = case_at_step_2(teacher, pupil_5, pupil_5b)
        finish_step_2(case, teacher)
        do_step_4_work(case, teacher, kept=False, ib=ib)

    plan = case.action_plans.get()
    assert plan.period_start == date(2026, 12, 7)
    assert plan.period_end == date(2026, 12, 20)
    assert plan.evaluate_on == date(2027, 1, 4)


def test_the_parents_are_called_back_two_school_days_after_the_first_evaluation(
    clock, teacher, pupil_5, pupil_5b
):
    case = case_at_step_2(teacher, pupil_5, pupil_5b, reporter_kind=ReporterKind.PARENT)
    finish_step_2(case, teacher)  # agreements Monday 2 November: evaluation Monday 9th
    finish_step_3(case, teacher)

    assert open_deadlines(case) == {
        D.FIRST_EVALUATION: date(2026, 11, 9),
        D.PARENT_FOLLOWUP: date(2026, 11, 11),
    }
    case.refresh_from_db()
    assert case.next_deadline_kind == D.FIRST_EVALUATION
    contact = case.parent_contacts.get()
    assert contact.follow_up_due == date(2026, 11, 11)
    assert contact.follow_up_done_on is None


def test_the_parent_follow_up_is_met_by_a_contact_after_the_first_evaluation(
    teacher, pupil_5, pupil_5b
):
    with at(2026, 11, 2):
        case = case_at_step_2(teacher, pupil_5, pupil_5b, reporter_kind=ReporterKind.PARENT)
        finish_step_2(case, teacher)
        finish_step_3(case, teacher)
    victim = victims(case)[0]
    with at(2026, 11, 6):
        # A call before the evaluation is not the promised one.
        parent_contact_record(
            case=case,
            user=teacher,
            pupil=victim,
            contacted_on=date(2026, 11, 6),
            channel="phone",
            summary="Moeder belde even.",
        )
        assert D.PARENT_FOLLOWUP in open_deadlines(case)
    with at(2026, 11, 9):
        talk(case, teacher, ConversationKind.JOINT, bullies(case) + victims(case))
        case.refresh_from_db()
        assert open_deadlines(case) == {D.PARENT_FOLLOWUP: date(2026, 11, 11)}
        assert case.next_deadline == date(2026, 11, 11)
    with at(2026, 11, 10):
        parent_contact_record(
            case=case,
            user=teacher,
            pupil=victim,
            contacted_on=date(2026, 11, 10),
            channel="phone",
            summary="Evaluatie doorgesproken met de ouders.",
        )

    assert open_deadlines(case) == {}
    case.refresh_from_db()
    assert case.next_deadline is None
    promised = case.parent_contacts.get(follow_up_due__isnull=False)
    assert promised.follow_up_done_on == date(2026, 11, 10)


def test_the_first_evaluation_is_met_by_the_evaluation_conversation_in_step_4(
    clock, teacher, pupil_5, pupil_5b
):
    case = case_at_step_2(teacher, pupil_5, pupil_5b)
    finish_step_2(case, teacher)
    conversation_record(
        case=case,
        user=teacher,
        kind=ConversationKind.CLASS,
        held_on=date(2026, 11, 2),
        notes="Klassengesprek: een gesprek met de klas is geen evaluatie met de leerlingen.",
    )
    assert D.FIRST_EVALUATION in open_deadlines(case)

    talk(case, teacher, ConversationKind.JOINT, bullies(case) + victims(case))

    assert open_deadlines(case) == {}
    assert case.deadlines.get(kind=D.FIRST_EVALUATION).resolution == "met"


def test_the_next_conversation_is_met_by_the_conversation_in_step_5(clock, case, teacher):
    walk_to_step_5(case, teacher)
    assert D.NEXT_CONVERSATION in open_deadlines(case)

    do_step_5_work(case, teacher, positive=True)

    assert open_deadlines(case) == {}


def test_phasing_out_is_reviewed_after_two_weeks(clock, case, teacher):
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=True)
    case_transition(case=case, name="phase_out", user=teacher, reason="Het gaat al goed.")

    assert open_deadlines(case) == {D.PHASING_OUT_REVIEW: date(2026, 11, 16)}


def test_a_placement_is_reviewed_on_its_review_date_and_met_by_recording_the_review(
    clock, case, teacher, ib, pupil_5
):
    escalate_to_step_6(case, teacher, ib)
    hold_step_6_meeting(case, ib, teacher)
    give_all_consents(case, ib, "step_7")
    placement = placement_record(
        case=case,
        user=ib,
        pupil=pupil_5,
        kind="other_group",
        destination="groep 6",
        start_date=date(2026, 11, 9),
        end_date=date(2026, 11, 27),
        review_on=date(2026, 11, 21),  # a Saturday
    )
    case_transition(case=case, name="place_elsewhere", user=ib)
    assert open_deadlines(case) == {D.PLACEMENT_REVIEW: date(2026, 11, 23)}

    with at(2026, 11, 23):
        placement_update(
            record=placement,
            user=ib,
            expected_version=placement.version,
            reviewed_on=date(2026, 11, 23),
            review_note="Gaat goed in groep 6; na 27 november terug.",
        )

    assert open_deadlines(case) == {}


def test_holidays_entered_later_do_not_move_a_deadline_already_set(
    school_year, clock, teacher, pupil_5, pupil_5b
):
    case = case_at_step_2(teacher, pupil_5, pupil_5b)
    finish_step_2(case, teacher)
    Holiday.objects.create(
        school_year=school_year,
        name="Studiedag",
        start_date=date(2026, 11, 9),
        end_date=date(2026, 11, 9),
    )

    case.refresh_from_db()
    assert case.next_deadline == date(2026, 11, 9)


def test_an_overdue_case_says_so(clock, case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    case.refresh_from_db()
    assert not case.is_overdue

    with at(2026, 11, 10):
        assert case.is_overdue


def test_the_summer_between_two_school_years_has_no_school_days(school, school_year):
    SchoolYear.objects.create(
        school=school, name="2027-2028", start_date=date(2027, 8, 23), end_date=date(2028, 7, 7)
    )

    calendar = school_calendar()

    assert not calendar.is_school_day(date(2027, 7, 12))
    assert not calendar.is_school_day(date(2027, 8, 20))
    assert calendar.is_school_day(date(2027, 7, 9))
    assert calendar.is_school_day(date(2027, 8, 23))
    assert calendar.next_school_day(date(2027, 7, 10)) == date(2027, 8, 23)
