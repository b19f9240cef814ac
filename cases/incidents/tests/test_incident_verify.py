"""Verifying a report: teasing and aggression are closed with a note, bullying opens a case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.incidents.verification import incident_verify, may_verify_incident
from cases.models import Classification, InvolvementRole
from cases.stappenplan.selectors import matching_open_cases
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import bullying_incident, open_case
from protocol.stappenplan import CaseState
from tests.factories import IncidentFactory, InvolvementFactory, PupilFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("classification", [Classification.TEASING, Classification.AGGRESSION])
def test_teasing_or_aggression_is_closed_with_a_follow_up_note_and_no_case(
    incident, teacher, classification, clock
):
    result = incident_verify(
        incident=incident,
        user=teacher,
        classification=classification,
        note="  Met beide kinderen gepraat; excuses aangeboden.  ",
    )

    assert result is None
    incident.refresh_from_db()
    assert incident.verified_by == teacher
    assert incident.verified_at is not None
    assert incident.verified_classification == classification
    assert incident.follow_up_note == "Met beide kinderen gepraat; excuses aangeboden."
    assert incident.case is None


def test_teasing_needs_a_follow_up_note(incident, teacher):
    with pytest.raises(ValidationError) as raised:
        incident_verify(
            incident=incident, user=teacher, classification=Classification.TEASING, note="  "
        )

    assert "note" in raised.value.message_dict
    incident.refresh_from_db()
    assert incident.verified_at is None


def test_teasing_cannot_be_added_to_a_case(incident, teacher, case):
    second = bullying_incident(
        registered_by=teacher, bully=incident.involvements.first().pupil, victim=PupilFactory()
    )
    with pytest.raises(ValidationError) as raised:
        incident_verify(
            incident=second,
            user=teacher,
            classification=Classification.TEASING,
            note="Plagen.",
            case=case,
        )
    assert "case" in raised.value.message_dict


def test_undetermined_is_no_verification(incident, teacher):
    with pytest.raises(ValidationError) as raised:
        incident_verify(incident=incident, user=teacher, classification=Classification.UNDETERMINED)
    assert "classification" in raised.value.message_dict


def test_bullying_opens_a_case_at_step_1(incident, teacher, clock):
    case = incident_verify(
        incident=incident,
        user=teacher,
        classification=Classification.BULLYING,
        note="Al weken elke pauze.",
    )

    assert case.state == CaseState.STEP_1
    assert case.opened_by == teacher
    assert list(case.incidents.all()) == [incident]
    transition = case.transitions.get()
    assert (transition.name, transition.from_state, transition.to_state) == (
        "verify_as_bullying",
        CaseState.REPORTED,
        CaseState.STEP_1,
    )
    assert transition.actor == teacher
    assert transition.reason == "Al weken elke pauze."
    incident.refresh_from_db()
    assert incident.verified_classification == Classification.BULLYING
    assert incident.case == case


def test_the_new_case_gets_the_registering_teacher_and_the_teachers_of_the_pupils(
    clock, teacher, other_teacher, ib, pupil_5, pupil_7
):
    gym_teacher = UserFactory(username="gym.kees", roles=["leerkracht"])
    incident = bullying_incident(registered_by=gym_teacher, bully=pupil_7, victim=pupil_5)

    case = incident_verify(incident=incident, user=ib, classification=Classification.BULLYING)

    assert set(case.teachers.all()) == {gym_teacher, teacher, other_teacher}


def test_an_ib_who_registers_is_not_made_a_teacher_of_the_case(
    clock, ib, teacher, pupil_5, pupil_5b
):
    incident = bullying_incident(registered_by=ib, bully=pupil_5, victim=pupil_5b)

    case = incident_verify(incident=incident, user=ib, classification=Classification.BULLYING)

    assert set(case.teachers.all()) == {teacher}


def test_bullying_needs_a_bully_and_a_victim_among_the_pupils(clock, teacher, pupil_5):
    incident = IncidentFactory(registered_by=teacher)
    InvolvementFactory(incident=incident, pupil=pupil_5, role=InvolvementRole.BULLY)

    with pytest.raises(ValidationError) as raised:
        incident_verify(incident=incident, user=teacher, classification=Classification.BULLYING)

    # At the choice of bullying, where the verify form shows it.
    (message,) = raised.value.message_dict["classification"]
    assert "at least one victim among the pupils involved" in message
    incident.refresh_from_db()
    assert incident.case is None and incident.verified_at is None


def test_bullying_can_join_an_open_case_of_the_same_pupils(
    case, incident, teacher, pupil_5, pupil_5b
):
    second = bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b)

    assert list(matching_open_cases(incident=second, user=teacher)) == [case]
    result = incident_verify(
        incident=second, user=teacher, classification=Classification.BULLYING, case=case
    )

    assert result == case
    assert set(case.incidents.all()) == {incident, second}
    assert case.transitions.count() == 1  # joining is no step change


def test_an_incident_cannot_join_a_closed_case(case, teacher, directie, pupil_5, pupil_5b):
    case_transition(case=case, name="close_early", user=directie, reason="Opgelost.")
    second = bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b)

    assert list(matching_open_cases(incident=second, user=teacher)) == []
    with pytest.raises(ValidationError) as raised:
        incident_verify(
            incident=second, user=teacher, classification=Classification.BULLYING, case=case
        )
    assert "case" in raised.value.message_dict


def test_matching_open_cases_share_at_least_one_pupil(case, teacher, pupil_5, pupil_7):
    with_sem = bullying_incident(registered_by=teacher, bully=pupil_7, victim=pupil_5)
    without = bullying_incident(registered_by=teacher, bully=pupil_7, victim=PupilFactory())

    assert list(matching_open_cases(incident=with_sem, user=teacher)) == [case]
    assert list(matching_open_cases(incident=without, user=teacher)) == []
    # A case never matches the incidents it already holds.
    assert list(matching_open_cases(incident=case.incidents.first(), user=teacher)) == []


def test_an_open_case_the_user_does_not_see_is_never_offered(
    case, other_teacher, ib, pupil_5, pupil_7
):
    # groep 7's teacher registers an incident with Sem (groep 5), whose case is not hers.
    with_sem = bullying_incident(registered_by=other_teacher, bully=pupil_7, victim=pupil_5)

    assert list(matching_open_cases(incident=with_sem, user=other_teacher)) == []
    assert list(matching_open_cases(incident=with_sem, user=ib)) == [case]


def test_an_incident_is_verified_only_once(incident, teacher, ib):
    open_case(incident, teacher)

    with pytest.raises(ValidationError, match="already verified"):
        incident_verify(
            incident=incident, user=ib, classification=Classification.TEASING, note="Toch plagen"
        )


def test_the_ib_may_verify_any_report(incident, ib):
    assert may_verify_incident(user=ib, incident=incident)
    assert incident_verify(incident=incident, user=ib, classification="bullying") is not None


@pytest.mark.parametrize("who", ["other_teacher", "directie", "coordinator", "confidant"])
def test_others_may_not_verify_a_report(incident, who, request):
    user = request.getfixturevalue(who)

    assert not may_verify_incident(user=user, incident=incident)
    with pytest.raises(PermissionDenied):
        incident_verify(incident=incident, user=user, classification="teasing", note="Plagen")


def test_the_teacher_of_a_pupil_involved_may_verify_a_report_registered_by_another(
    clock, teacher, other_teacher, pupil_7, pupil_5
):
    incident = bullying_incident(registered_by=teacher, bully=pupil_7, victim=pupil_5)

    assert may_verify_incident(user=other_teacher, incident=incident)


def test_an_inactive_teacher_may_not_verify(incident, teacher):
    teacher.is_active = False
    teacher.save()

    assert not may_verify_incident(user=teacher, incident=incident)


def test_joining_a_case_needs_a_place_on_that_case(clock, case, other_teacher, pupil_7, pupil_5):
    incident = bullying_incident(registered_by=other_teacher, bully=pupil_7, victim=PupilFactory())
    # Bram teaches groep 7 but has nothing to do with Sem and Lotte's case.
    with pytest.raises(PermissionDenied):
        incident_verify(
            incident=incident,
            user=other_teacher,
            classification=Classification.BULLYING,
            case=case,
        )
