"""Shared fixtures: a small cast of named users per role, a school with groups and pupils."""

import pytest

from accounts.models import Role
from tests.factories import PupilFactory, SchoolFactory, SchoolGroupFactory, UserFactory

pytest_plugins = ["accounts.tests.fixtures"]


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def group_5(school):
    return SchoolGroupFactory(school=school, name="groep 5", order=5)


@pytest.fixture
def group_7(school):
    return SchoolGroupFactory(school=school, name="groep 7", order=7)


@pytest.fixture
def teacher(group_5):
    """Teaches groep 5."""
    user = UserFactory(
        username="juf.anna", first_name="Anna", last_name="de Vries", roles=[Role.TEACHER]
    )
    group_5.teachers.add(user)
    return user


@pytest.fixture
def other_teacher(group_7):
    """Teaches groep 7: an outsider to groep 5's incidents."""
    user = UserFactory(
        username="meester.bram", first_name="Bram", last_name="Jansen", roles=[Role.TEACHER]
    )
    group_7.teachers.add(user)
    return user


@pytest.fixture
def ib(db):
    return UserFactory(username="ib.carla", first_name="Carla", roles=[Role.IB])


@pytest.fixture
def directie(db):
    return UserFactory(username="dir.esther", first_name="Esther", roles=[Role.DIRECTIE])


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord.iris", first_name="Iris", roles=[Role.COORDINATOR])


@pytest.fixture
def confidant(db):
    return UserFactory(username="vp.esther", first_name="Esther", roles=[Role.CONFIDANT])


@pytest.fixture
def pupil_5(group_5):
    return PupilFactory(school=group_5.school, group=group_5, first_name="Sem", last_name="Bakker")


@pytest.fixture
def pupil_5b(group_5):
    return PupilFactory(
        school=group_5.school, group=group_5, first_name="Lotte", infix="van", last_name="Dam"
    )


@pytest.fixture
def pupil_7(group_7):
    return PupilFactory(school=group_7.school, group=group_7, first_name="Noah", last_name="Smit")


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, logged in with a verified second factor as staff must."""
    from accounts.tests.helpers import otp_login

    otp_login(client, admin_user)
    return client
