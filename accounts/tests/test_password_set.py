"""A new staff member chooses their own password through the emailed link; the link works
once, only for an active account."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.services import password_set_link_send, user_create
from accounts.tests.helpers import login_password_step

pytestmark = pytest.mark.django_db

PASSWORD = "zeven groene kikkers springen"


@pytest.fixture
def new_user(directie):
    user = user_create(
        username="juf.sanne",
        first_name="Sanne",
        last_name="Peters",
        email="sanne@school.test",
        roles=[Role.TEACHER],
        by=directie,
    )
    password_set_link_send(user=user, by=directie)
    return user


def link_of(email) -> str:
    return re.search(r"https?://\S+(/account/wachtwoord-instellen/\S+/)", email.body).group(1)


def choose(client: Client, link: str, password: str = PASSWORD):
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_link_lets_the_member_choose_a_password_and_log_in(client, new_user):
    response = choose(client, link_of(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_set_done")
    new_user.refresh_from_db()
    assert new_user.check_password(PASSWORD)
    assert login_password_step(Client(), "juf.sanne", PASSWORD).status_code == 302


def test_the_link_works_once(client, new_user):
    link = link_of(mail.outbox[0])
    choose(client, link)

    response = Client().get(link, follow=True)

    assert response.context["validlink"] is False


def test_a_weak_password_is_refused(client, new_user):
    response = choose(client, link_of(mail.outbox[0]), password="welkom123")

    assert response.status_code == 200
    assert response.context["form"].errors
    new_user.refresh_from_db()
    assert not new_user.has_usable_password()


def test_the_link_of_a_deactivated_account_does_not_work(client, new_user):
    new_user.is_active = False
    new_user.save()

    response = client.get(link_of(mail.outbox[0]), follow=True)

    assert response.context["validlink"] is False


def test_a_tampered_link_does_not_work(client, new_user):
    link = link_of(mail.outbox[0])

    response = client.get(link[:-4] + "xyz/", follow=True)

    assert response.context["validlink"] is False


def test_the_email_names_the_username_and_how_long_the_link_works(new_user, settings):
    body = mail.outbox[0].body

    assert "juf.sanne" in body
    assert str(settings.PASSWORD_RESET_TIMEOUT // 86400) in body
    assert mail.outbox[0].subject


def test_the_operator_sends_the_first_directie_account_its_link(db):
    from django.core.management import call_command

    from tests.factories import UserFactory

    head = UserFactory(username="directeur", email="directeur@school.test", roles=[Role.DIRECTIE])
    head.set_unusable_password()
    head.save()

    call_command("send_password_link", "Directeur")

    (email,) = mail.outbox
    assert email.to == ["directeur@school.test"]
    assert "None" not in email.body
    choose(Client(), link_of(email))
    head.refresh_from_db()
    assert head.check_password(PASSWORD)


def test_the_command_refuses_an_unknown_username(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("send_password_link", "niemand")
