"""The facts the stappenplan's guards read, computed from what was recorded on a case."""

from datetime import date

import pytest

from accounts.models import Role
from cases.models import ConversationKind, InvolvementRole, ReporterKind
from cases.stappenplan.facts import case_facts
from cases.stappenplan.services.action_plans import action_plan_record
from cases.stappenplan.services.agreements import agreement_record
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.services.escalation import consent_record, parent_meeting_record
from cases.stappenplan.services.measures import placement_record
from cases.stappenplan.services.parents import parent_contact_record, team_notice_record
from cases.tests.case_steps import (
    bullying_incident,
    do_step_1_work,
    do_step_2_work,
    finish_step_1,
    open_case,
    talk,
    today,
)
from tests.factories import InvolvementFactory, PupilFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_new_case_has_its_verification_and_nothing_else(case):
    facts = case_facts(case)

    assert facts.classified_as_bullying
    assert (facts.bully_count, facts.victim_count) == (1, 1)
    assert facts.bullies_without_separate_talk == ("Sem Bakker",)
    assert facts.victims_without_separate_talk == ("Lotte van Dam",)
    assert not facts.has_analysis and not facts.severity_judged and not facts.team_informed
    assert facts.agreement_count == 0
    assert not facts.parents_reported


def test_step_1_work_shows_in_the_facts(case, teacher):
    do_step_1_work(case, teacher, judged_serious=True)

    facts = case_facts(case)
    assert facts.bullies_without_separate_talk == ()
    assert facts.victims_without_separate_talk == ()
    assert facts.has_analysis and facts.severity_judged and facts.judged_serious
    assert facts.team_informed


def test_work_of_an_earlier_step_does_not_count_for_the_current_one(case, teacher):
    finish_step_1(case, teacher)

    facts = case_facts(case)
    assert not facts.team_informed
    assert not facts.has_joint_conversation
    # Facts about the case as a whole stay.
    assert facts.has_analysis and facts.severity_judged


def test_a_report_by_parents_is_a_fact_of_the_case(clock, teacher, pupil_5, pupil_5b):
    incident = bullying_incident(
        registered_by=teacher, bully=pupil_5, victim=pupil_5b, reporter_kind=ReporterKind.PARENT
    )
    assert case_facts(open_case(incident, teacher)).parents_reported


def test_three_pupils_of_one_group_make_a_class_conversation_needed(case, teacher, group_5):
    assert not case_facts(case).several_pupils_of_group_involved

    follower = PupilFactory(school=group_5.school, group=group_5)
    InvolvementFactory(
        incident=case.incidents.first(), pupil=follower, role=InvolvementRole.FOLLOWER
    )
    facts = case_facts(case)
    assert facts.several_pupils_of_group_involved
    assert not facts.class_conversation_recorded_or_waived


def test_a_class_conversation_or_a_waiver_satisfies_step_2(case, teacher):
    finish_step_1(case, teacher)
    conversation_record(
        case=case,
        user=teacher,
        kind=ConversationKind.CLASS,
        held_on=today(),
        notes="Klassengesprek: pesten melden is geen klikken.",
    )
    assert case_facts(case).class_conversation_recorded_or_waived


def test_agreements_give_their_count_and_latest_date(case, teacher):
    finish_step_1(case, teacher)
    do_step_2_work(case, teacher, made_on=date(2026, 10, 29))
    agreement_record(case=case, user=teacher, pupil=None, text="Samen spelen", made_on=today())

    facts = case_facts(case)
    assert facts.agreement_count == 3
    assert facts.agreements_made_on == today()


def test_the_latest_conversation_with_pupils_anchors_the_two_weeks(case, teacher, pupil_5):
    talk(case, teacher, ConversationKind.SEPARATE, [pupil_5], held_on=date(2026, 10, 28))
    talk(case, teacher, ConversationKind.SEPARATE, [pupil_5], held_on=date(2026, 10, 30))
    conversation_record(
        case=case, user=teacher, kind=ConversationKind.TEAM, held_on=today(), notes="Team"
    )
    assert case_facts(case).last_conversation_on == date(2026, 10, 30)


def fill_case(case, teacher, ib, count):
    """`count` more bullies, each with a conversation, an agreement, a parent contact and a
    team notice; an action plan with `count` actions."""
    incident = case.incidents.first()
    pupils = PupilFactory.create_batch(count)
    for pupil in pupils:
        InvolvementFactory(incident=incident, pupil=pupil, role=InvolvementRole.BULLY)
    for pupil in pupils:
        talk(case, teacher, ConversationKind.SEPARATE, [pupil])
        agreement_record(case=case, user=teacher, pupil=pupil, text="Afspraak", made_on=today())
        parent_contact_record(
            case=case,
            user=teacher,
            pupil=pupil,
            contacted_on=today(),
            channel="phone",
            summary="Gebeld",
        )
        team_notice_record(case=case, user=teacher, informed_on=today(), note="Team")
    action_plan_record(
        case=case,
        user=teacher,
        period_start=today(),
        analysis="A",
        goals="G",
        made_with_ib=ib,
        items=[{"track": "teacher", "action": "x", "who": "y", "when": "z"}] * count,
    )


@pytest.mark.parametrize("count", [2, 50])
def test_the_facts_take_the_same_number_of_queries_however_much_was_recorded(
    case, teacher, ib, count, django_assert_num_queries
):
    fill_case(case, teacher, ib, count)

    with django_assert_num_queries(14):
        facts = case_facts(case)

    assert facts.bully_count == count + 1
    assert facts.agreement_count == count


def test_the_step_6_meeting_counts_when_led_by_management_with_a_case_teacher_present(
    case_at_step_6, ib, teacher, other_teacher
):
    parent_meeting_record(
        case=case_at_step_6,
        user=ib,
        held_on=today(),
        led_by=ib,
        teachers_present=[other_teacher],
        notes="Ouderavond.",
    )
    facts = case_facts(case_at_step_6)
    assert facts.step6_meeting_recorded and facts.step6_led_by_management
    # Bram teaches groep 7: not a teacher of this case's pupils.
    assert not facts.step6_teachers_present

    parent_meeting_record(
        case=case_at_step_6,
        user=ib,
        held_on=today(),
        led_by=ib,
        teachers_present=[teacher],
        notes="Tweede avond, nu met de juf.",
    )
    assert case_facts(case_at_step_6).step6_teachers_present


def _meeting_with(case, ib, present) -> None:
    parent_meeting_record(
        case=case,
        user=ib,
        held_on=today(),
        led_by=ib,
        teachers_present=[present],
        notes="Ouderavond.",
    )


def test_a_teacher_assigned_to_the_case_counts_at_the_meeting_without_teaching_its_pupils(
    case_at_step_6, ib, other_teacher
):
    case_at_step_6.teachers.add(other_teacher)  # Bram teaches groep 7, none of the pupils
    _meeting_with(case_at_step_6, ib, other_teacher)

    assert case_facts(case_at_step_6).step6_teachers_present


def test_a_teacher_of_a_pupils_group_counts_at_the_meeting_without_being_assigned(
    case_at_step_6, ib, group_5
):
    duo = UserFactory(username="juf.duo", first_name="Duo", roles=[Role.TEACHER])
    group_5.teachers.add(duo)
    assert not case_at_step_6.teachers.filter(pk=duo.pk).exists()
    _meeting_with(case_at_step_6, ib, duo)

    assert case_facts(case_at_step_6).step6_teachers_present


def test_the_measures_carry_the_role_of_their_pupil(case_at_step_6, ib, pupil_5b):
    placement_record(
        case=case_at_step_6,
        user=ib,
        pupil=pupil_5b,
        kind="other_group",
        destination="groep 6",
        start_date=date(2026, 11, 9),
        end_date=date(2026, 11, 20),
        review_on=date(2026, 11, 16),
    )
    consent_record(
        case=case_at_step_6,
        user=ib,
        step="step_7",
        party="parents",
        given_by="Ouders van Lotte",
        given_on=today(),
    )

    facts = case_facts(case_at_step_6)
    assert facts.placement.role == "victim"
    assert facts.placement.pupil_name == "Lotte van Dam"
    assert facts.step7_consents == {"parents"}
    assert facts.step8_consents == frozenset()
