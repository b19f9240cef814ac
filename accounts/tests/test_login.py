import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.services import backup_codes_regenerate
from accounts.tests.helpers import (
    login_backup_code_step,
    login_code_step,
    login_password_step,
    totp_device_create,
    totp_now,
)

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 10, 5, 8, 15, tzinfo=datetime.UTC)


def test_the_login_page_asks_for_username_and_password(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    html = response.text
    assert 'name="auth-username"' in html
    assert 'name="auth-password"' in html
    assert 'name="login_view-current_step" value="auth"' in html


def test_a_teacher_without_an_app_logs_in_with_the_password_alone(client, teacher):
    response = login_password_step(client, "juf.anna")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(teacher.pk)
    assert client.get(reverse("cases:incident_list")).status_code == 200


def test_a_wrong_password_logs_nobody_in(client, teacher):
    response = login_password_step(client, "juf.anna", "not the password")

    assert response.status_code == 200
    assert response.context["wizard"]["form"].errors
    assert SESSION_KEY not in client.session


def test_the_login_goes_on_to_the_next_page_asked_for(client, teacher):
    response = login_password_step(client, "juf.anna", QUERY_STRING="next=/meldingen/")

    assert response["Location"] == "/meldingen/"


def test_the_login_refuses_a_next_page_on_another_site(client, teacher):
    response = login_password_step(client, "juf.anna", QUERY_STRING="next=https://evil.example/")

    assert response["Location"] == reverse("home")


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_with_an_app_the_password_alone_does_not_log_in(client, ib):
    totp_device_create(ib)

    response = login_password_step(client, "ib.carla")

    assert response.status_code == 200
    assert 'name="token-otp_token"' in response.text
    assert SESSION_KEY not in client.session


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_the_code_from_the_app_completes_the_login(client, ib):
    device = totp_device_create(ib)
    login_password_step(client, "ib.carla")

    response = login_code_step(client, totp_now(device))

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(ib.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("cases:incident_list")).status_code == 200


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_wrong_code_logs_nobody_in(client, ib):
    device = totp_device_create(ib)
    login_password_step(client, "ib.carla")
    wrong = str((int(totp_now(device)) + 1) % 1_000_000).zfill(6)

    response = login_code_step(client, wrong)

    assert response.status_code == 200
    assert response.context["wizard"]["form"].errors
    assert SESSION_KEY not in client.session


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_backup_code_logs_in_once(client, ib):
    totp_device_create(ib)
    code = backup_codes_regenerate(user=ib)[0]
    login_password_step(client, "ib.carla")

    response = login_backup_code_step(client, code)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(ib.pk)
    assert DEVICE_ID_SESSION_KEY in client.session

    client.post(reverse("logout"))
    login_password_step(client, "ib.carla")
    again = login_backup_code_step(client, code)

    assert again.status_code == 200
    assert again.context["wizard"]["form"].errors
    assert SESSION_KEY not in client.session


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_the_code_step_offers_backup_codes_only_to_whoever_has_them(client, ib):
    totp_device_create(ib)

    without = login_password_step(client, "ib.carla")
    backup_codes_regenerate(user=ib)
    client.post(reverse("login"), {"wizard_goto_step": "auth"})
    with_codes = login_password_step(client, "ib.carla")

    assert 'value="backup"' not in without.text
    assert 'value="backup"' in with_codes.text
