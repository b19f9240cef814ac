"""Who finds which pupil: the one rule of cases/pupils/selectors.py, per role."""

import pytest

from accounts.models import Role
from cases.pupils.selectors import pupils_visible_to
from cases.school.services import teacher_groups_set
from tests.factories import PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils(pupil_5, pupil_5b, pupil_7, group_7):
    """Sem and Lotte in groep 5, Noah and Daan in groep 7; nothing recorded yet."""
    daan = PupilFactory(school=group_7.school, group=group_7, first_name="Daan", last_name="Mol")
    return {"sem": pupil_5, "lotte": pupil_5b, "noah": pupil_7, "daan": daan}


@pytest.mark.parametrize("role", [Role.IB, Role.DIRECTIE, Role.COORDINATOR])
def test_the_school_wide_roles_find_every_pupil(role, pupils):
    user = UserFactory(roles=[role])

    assert set(pupils_visible_to(user)) == set(pupils.values())


def test_a_teacher_finds_the_pupils_of_her_group(teacher, pupils):
    assert set(pupils_visible_to(teacher)) == {pupils["sem"], pupils["lotte"]}


def test_a_teacher_finds_another_groups_pupil_only_through_an_incident_she_sees(
    teacher, pupils, record
):
    # record: Sem (her groep 5) is a bystander in an incident registered by the groep 7
    # teacher, whose bully is groep 7's Noah. She sees that incident through Sem, and so Noah.
    assert pupils["noah"] in pupils_visible_to(teacher)
    assert pupils["daan"] not in pupils_visible_to(teacher)


def test_the_other_groups_teacher_finds_her_own_pupils_and_those_of_incidents_she_sees(
    other_teacher, pupils, record
):
    found = set(pupils_visible_to(other_teacher))

    # She registered the groep 7 incident (Sem is in it) and teaches Noah and Daan.
    assert found == {pupils["noah"], pupils["daan"], pupils["sem"]}
    assert pupils["lotte"] not in found


@pytest.mark.parametrize("kind", ["confidant", "superuser", "no_role"])
def test_no_role_of_the_case_flow_finds_no_pupil(kind, pupils, record):
    user = {
        "confidant": lambda: UserFactory(roles=[Role.CONFIDANT]),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "no_role": UserFactory,
    }[kind]()

    assert list(pupils_visible_to(user)) == []


def test_an_inactive_user_finds_nothing(ib, pupils):
    ib.is_active = False

    assert list(pupils_visible_to(ib)) == []


def test_a_pupil_whose_group_moves_away_is_no_longer_found(teacher, directie, pupils):
    teacher_groups_set(user=teacher, groups=[], by=directie)

    assert list(pupils_visible_to(teacher)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("sem", {"sem"}), ("van dam", {"lotte"}), ("BAKKER", {"sem"}), ("zzz", set())],
)
def test_the_query_matches_names(ib, pupils, query, expected):
    assert set(pupils_visible_to(ib, query)) == {pupils[name] for name in expected}


def test_the_query_matches_a_student_number_exactly(ib, pupils):
    number = pupils["noah"].student_number

    assert list(pupils_visible_to(ib, number)) == [pupils["noah"]]
    assert list(pupils_visible_to(ib, number[:-1])) == []


def test_the_query_never_widens_what_a_teacher_finds(teacher, pupils):
    assert list(pupils_visible_to(teacher, "noah")) == []


def test_it_is_one_query(ib, teacher, pupils, django_assert_num_queries):
    for user in (ib, teacher):
        list(pupils_visible_to(user))  # warms the user's cached permission lookup
        with django_assert_num_queries(1):
            list(pupils_visible_to(user, "a"))
