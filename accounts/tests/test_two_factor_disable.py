import time

import pytest
from django.urls import reverse
from django_otp import devices_for_user

from accounts.security import SESSION_REAUTHENTICATED_AT
from accounts.services import backup_codes_regenerate
from accounts.tests.helpers import otp_login, totp_device_create

pytestmark = pytest.mark.django_db

DISABLE = "/account/tweestapsverificatie/uitschakelen/"


def _password_just_entered(client):
    session = client.session
    session[SESSION_REAUTHENTICATED_AT] = time.time()
    session.save()


def test_moving_to_a_new_phone_unlinks_the_app_and_the_codes(client, ib):
    otp_login(client, ib)
    backup_codes_regenerate(user=ib)
    _password_just_entered(client)

    response = client.post(DISABLE, {"confirm": "on"})

    assert response["Location"] == reverse("two_factor:setup")
    assert list(devices_for_user(ib, confirmed=None)) == []
    # The IB must set up the new phone before anything else.
    assert client.get("/meldingen/")["Location"] == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200


def test_the_page_tells_the_ib_to_have_the_new_phone_at_hand(client, ib):
    otp_login(client, ib)
    _password_just_entered(client)

    response = client.get(DISABLE)

    assert response.status_code == 200
    assert response.context["two_factor_required"] is True


def test_a_teacher_may_switch_it_off(client, teacher):
    otp_login(client, teacher)
    _password_just_entered(client)

    response = client.post(DISABLE, {"confirm": "on"})

    assert response["Location"] == reverse("two_factor:profile")
    assert list(devices_for_user(teacher, confirmed=None)) == []
    assert client.get("/meldingen/").status_code == 200


def test_nothing_changes_without_the_confirmation(client, ib):
    otp_login(client, ib)
    _password_just_entered(client)

    response = client.post(DISABLE, {})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert ib.totpdevice_set.exists()


def test_a_password_only_session_cannot_unlink_the_app(client, teacher):
    totp_device_create(teacher)
    client.force_login(teacher)
    _password_just_entered(client)

    response = client.post(DISABLE, {"confirm": "on"})

    assert response["Location"].startswith(reverse("login"))
    assert teacher.totpdevice_set.exists()
