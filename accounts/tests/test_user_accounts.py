"""The account services behind the staff screen: create, update, reactivate, send a link."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from accounts.services import (
    password_set_link_send,
    user_create,
    user_deactivate,
    user_reactivate,
    user_update,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def create(by, **overrides):
    kwargs = {
        "username": "juf.sanne",
        "first_name": " Sanne ",
        "last_name": "Peters",
        "email": "sanne@SCHOOL.test",
        "roles": [Role.TEACHER],
        **overrides,
    }
    return user_create(**kwargs, by=by)


def test_an_account_is_created_with_roles_and_without_a_password(directie):
    user = create(directie)

    assert user.first_name == "Sanne"
    assert user.email == "sanne@school.test"
    assert user.role_names() == {Role.TEACHER}
    assert not user.has_usable_password()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.IB, Role.COORDINATOR, Role.CONFIDANT])
def test_only_the_directie_creates_accounts(role):
    with pytest.raises(PermissionDenied):
        create(UserFactory(roles=[role]))


def test_a_deactivated_directie_member_manages_nothing(directie):
    directie.is_active = False

    with pytest.raises(PermissionDenied):
        create(directie)


def test_an_invalid_username_is_refused(directie):
    with pytest.raises(ValidationError) as error:
        create(directie, username="juf anna!")

    assert "username" in error.value.error_dict


def test_update_changes_name_email_and_roles(directie, teacher):
    user_update(
        user=teacher,
        first_name="Anna",
        last_name="Smit",
        email="anna@school.test",
        roles=[Role.IB],
        by=directie,
    )

    teacher.refresh_from_db()
    assert teacher.last_name == "Smit"
    assert teacher.role_names() == {Role.IB}


def test_a_superuser_may_take_the_directie_role_from_a_directie_member(directie):
    superuser = UserFactory(is_superuser=True)

    user_update(
        user=directie, first_name="E", last_name="X", email="e@x.test", roles=[], by=superuser
    )

    assert not directie.has_role(Role.DIRECTIE)


def test_the_directie_cannot_manage_a_technical_administrator(directie):
    superuser = UserFactory(is_superuser=True)

    with pytest.raises(PermissionDenied):
        user_deactivate(user=superuser, by=directie)
    with pytest.raises(PermissionDenied):
        user_update(user=superuser, first_name="", last_name="", email="", roles=[], by=directie)


def test_reactivate_opens_the_account_again(directie, teacher):
    user_deactivate(user=teacher, by=directie)

    user_reactivate(user=teacher, by=directie)

    teacher.refresh_from_db()
    assert teacher.is_active


def test_no_link_is_sent_without_an_email_address(directie, teacher):
    teacher.email = ""

    with pytest.raises(ValidationError):
        password_set_link_send(user=teacher, by=directie)
    assert not mail.outbox


def test_no_link_is_sent_to_a_deactivated_account(directie, teacher):
    teacher.is_active = False

    with pytest.raises(ValidationError):
        password_set_link_send(user=teacher, by=directie)
