"""The IB, the directie and the coordinator see the whole school through their role's group;
`migrate` (and a test database set up again after a flush) restores that if it went missing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from cases.incidents.selectors import incidents_visible_to
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["ib", "directie", "coordinator"])
def test_migrate_gives_a_regrown_role_group_its_school_wide_view_again(role):
    Group.objects.all().delete()
    incident = IncidentFactory()
    user = UserFactory(roles=[role])
    assert not incidents_visible_to(user).exists()

    call_command("migrate", verbosity=0)

    user = type(user).objects.get(pk=user.pk)
    assert list(incidents_visible_to(user)) == [incident]


def test_the_teacher_and_the_aanspreekpersoon_get_no_school_wide_view():
    call_command("migrate", verbosity=0)
    incident = IncidentFactory()
    for role in ("leerkracht", "aanspreekpersoon"):
        assert incident not in incidents_visible_to(UserFactory(roles=[role]))
