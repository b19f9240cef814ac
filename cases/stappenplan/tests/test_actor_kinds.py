"""Who a user is for one case: the case team, the management, both, or nobody."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from cases.models import InvolvementRole
from cases.stappenplan.services.base import actor_kinds_for
from protocol.stappenplan import Actor
from tests.factories import InvolvementFactory, UserFactory

pytestmark = pytest.mark.django_db

TEAM = {Actor.CASE_TEAM}
MANAGEMENT = {Actor.MANAGEMENT}
BOTH = {Actor.CASE_TEAM, Actor.MANAGEMENT}


def test_the_teacher_of_a_pupils_group_is_on_the_case_team(case, teacher):
    assert actor_kinds_for(user=teacher, case=case) == TEAM


def test_a_teacher_assigned_to_the_case_is_on_the_case_team(case):
    assigned = UserFactory(username="duo.juf", roles=[Role.TEACHER])
    case.teachers.add(assigned)

    assert actor_kinds_for(user=assigned, case=case) == TEAM


def test_a_teacher_of_a_group_of_a_pupil_of_a_later_incident_joins_the_team(
    case, other_teacher, pupil_7
):
    assert actor_kinds_for(user=other_teacher, case=case) == set()

    InvolvementFactory(
        incident=case.incidents.first(), pupil=pupil_7, role=InvolvementRole.FOLLOWER
    )

    assert actor_kinds_for(user=other_teacher, case=case) == TEAM


def test_the_ib_is_both_case_team_and_management(case, ib):
    assert actor_kinds_for(user=ib, case=case) == BOTH


def test_the_directie_is_management(case, directie):
    assert actor_kinds_for(user=directie, case=case) == MANAGEMENT


def test_a_directie_member_who_teaches_the_group_is_both(case, directie, group_5):
    group_5.teachers.add(directie)

    assert actor_kinds_for(user=directie, case=case) == BOTH


@pytest.mark.parametrize("who", ["other_teacher", "coordinator", "confidant"])
def test_users_without_a_role_on_the_case_get_nothing(case, who, request):
    assert actor_kinds_for(user=request.getfixturevalue(who), case=case) == set()


def test_an_inactive_user_gets_nothing(case, ib):
    ib.is_active = False
    ib.save()

    assert actor_kinds_for(user=ib, case=case) == set()


def test_an_anonymous_user_gets_nothing(case):
    assert actor_kinds_for(user=AnonymousUser(), case=case) == set()
