"""The home page's work list, and which cases a user sees."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from cases.incidents.verification import incident_verify
from cases.models import Case, Classification
from cases.stappenplan.selectors import cases_visible_to, my_work
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import bullying_incident, finish_step_1, finish_step_2, open_case
from cases.visibility.permissions import visibility_sync
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory, PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_teacher_sees_the_reports_of_their_pupils_awaiting_verification(
    clock, teacher, other_teacher, pupil_5, pupil_5b, pupil_7
):
    own = bullying_incident(registered_by=other_teacher, bully=pupil_5, victim=pupil_5b)
    registered = bullying_incident(registered_by=teacher, bully=pupil_7, victim=PupilFactory())
    elsewhere = bullying_incident(registered_by=other_teacher, bully=pupil_7, victim=PupilFactory())
    verified = bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b)
    incident_verify(
        incident=verified, user=teacher, classification=Classification.TEASING, note="Plagen"
    )

    work = my_work(teacher)

    assert set(work["incidents_to_verify"]) == {own, registered}
    assert elsewhere in my_work(other_teacher)["incidents_to_verify"]


def test_the_ib_sees_every_report_awaiting_verification(clock, ib, teacher, pupil_5, pupil_7):
    first = bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_7)
    assert list(my_work(ib)["incidents_to_verify"]) == [first]


def test_the_open_cases_come_nearest_deadline_first_and_overdue_on_top(
    teacher, directie, pupil_5, pupil_5b, pupil_7, ib
):
    with time_machine.travel(date(2026, 11, 2), tick=False):
        early = open_case(
            bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b), teacher
        )
        finish_step_1(early, teacher)
        finish_step_2(early, teacher)  # first evaluation 9 November
    with time_machine.travel(date(2026, 11, 5), tick=False):
        later = open_case(
            bullying_incident(registered_by=teacher, bully=pupil_5b, victim=pupil_7), teacher
        )
        finish_step_1(later, teacher)
        finish_step_2(later, teacher)  # first evaluation 12 November
        without = open_case(
            bullying_incident(registered_by=teacher, bully=pupil_7, victim=pupil_5), teacher
        )
        closed = open_case(
            bullying_incident(registered_by=teacher, bully=pupil_7, victim=pupil_5b), ib
        )
        case_transition(case=closed, name="close_early", user=directie, reason="Verhuisd")

    with time_machine.travel(date(2026, 11, 10), tick=False):
        work = my_work(teacher)
        assert list(work["cases"]) == [early, later, without]
        assert work["overdue_cases"] == 1
        assert [c.is_overdue for c in work["cases"]] == [True, False, False]


def test_a_teacher_sees_only_the_cases_of_their_pupils(case, other_teacher, teacher, ib, directie):
    assert list(my_work(teacher)["cases"]) == [case]
    assert list(my_work(other_teacher)["cases"]) == []
    assert list(my_work(ib)["cases"]) == [case]
    assert list(my_work(directie)["cases"]) == [case]


def test_a_teacher_assigned_to_a_case_sees_it(case, other_teacher):
    case.teachers.add(other_teacher)
    visibility_sync(cases=[case])  # as the assignment service does
    assert list(my_work(other_teacher)["cases"]) == [case]


@pytest.mark.parametrize("count", [2, 20])
def test_the_work_list_takes_the_same_number_of_queries_however_long(
    clock, teacher, group_5, count, django_assert_num_queries
):
    for _ in range(count):
        bully, victim = PupilFactory.create_batch(2, school=group_5.school, group=group_5)
        open_case(bullying_incident(registered_by=teacher, bully=bully, victim=victim), teacher)
        bullying_incident(registered_by=teacher, bully=bully, victim=victim)
    teacher.role_names()  # the roles are read once per request

    # 9: the school-wide permissions are read once per request (cases.visibility.permissions),
    # and both sections are counted.
    with django_assert_num_queries(9):
        work = my_work(teacher)
        names = [
            involvement.pupil.full_name
            for case in work["cases"]
            for incident in case.incidents.all()
            for involvement in incident.involvements.all()
        ]
        reports = [
            (
                incident.registered_by.username,
                [i.pupil.full_name for i in incident.involvements.all()],
            )
            for incident in work["incidents_to_verify"]
        ]

    assert len(names) == 2 * count
    assert len(reports) == count


def test_an_outsider_and_the_aanspreekpersoon_see_no_case(case, other_teacher, confidant):
    # Who sees what in full: cases/visibility/tests/test_visibility_sync.py.
    assert list(cases_visible_to(other_teacher)) == []
    assert list(cases_visible_to(confidant)) == []


def test_nobody_else_sees_a_case(case, other_teacher):
    other_teacher.is_active = False
    other_teacher.save()

    assert not cases_visible_to(other_teacher).exists()
    assert not cases_visible_to(AnonymousUser()).exists()
    assert Case.objects.exists()


def test_an_inactive_teacher_has_no_work(case, teacher):
    teacher.is_active = False
    teacher.save()
    work = my_work(teacher)
    assert not work["cases"].exists() and not work["incidents_to_verify"].exists()


def test_the_coordinator_follows_the_cases_in_steps_6_to_8(coordinator, ib, pupil_5):
    escalated = {}
    for state in ("step_2", "step_6", "step_8", "closed"):
        case = CaseFactory(state=state, opened_by=ib)
        InvolvementFactory(incident=IncidentFactory(registered_by=ib, case=case), pupil=pupil_5)
        escalated[state] = case
    visibility_sync()

    cases = set(my_work(coordinator)["cases"])

    assert cases == {escalated["step_6"], escalated["step_8"]}
