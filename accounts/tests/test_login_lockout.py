import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext

from accounts.services import user_unlock
from accounts.tests.helpers import login_password_step

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 10, 5, 8, 15, tzinfo=datetime.UTC)
SCHOOL_ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}  # the whole school behind one address


def _fail(client, username, times):
    responses = [
        login_password_step(client, username, "wrong password", **SCHOOL_ADDRESS)
        for _ in range(times)
    ]
    return responses[-1]


def test_four_wrong_passwords_do_not_lock_the_account(client, teacher):
    _fail(client, "juf.anna", 4)

    response = login_password_step(client, "juf.anna", **SCHOOL_ADDRESS)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(teacher.pk)


def test_the_fifth_wrong_password_shows_the_lockout_page(client, teacher):
    response = _fail(client, "juf.anna", 5)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert response.context["failure_limit"] == 5
    assert response.context["cooloff_timedelta"] == datetime.timedelta(minutes=30)


def test_a_locked_username_is_refused_even_with_the_right_password(client, teacher):
    _fail(client, "juf.anna", 5)

    response = login_password_step(client, "juf.anna", **SCHOOL_ADDRESS)

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_colleague_at_the_same_address_still_logs_in(client, teacher, other_teacher):
    _fail(client, "juf.anna", 5)

    response = login_password_step(client, "meester.bram", **SCHOOL_ADDRESS)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_teacher.pk)


def test_failures_count_per_username_whatever_the_address(client, teacher):
    for number in range(5):
        login_password_step(client, "juf.anna", "wrong", REMOTE_ADDR=f"203.0.113.{number}")

    response = login_password_step(client, "juf.anna", REMOTE_ADDR="203.0.113.99")

    assert response.status_code == 429


def test_the_lock_lifts_after_thirty_minutes(client, teacher):
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        _fail(client, "juf.anna", 5)

        traveller.shift(datetime.timedelta(minutes=29, seconds=59))
        assert login_password_step(client, "juf.anna", **SCHOOL_ADDRESS).status_code == 429

        traveller.shift(datetime.timedelta(seconds=2))
        response = login_password_step(client, "juf.anna", **SCHOOL_ADDRESS)

        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(teacher.pk)


def test_tries_while_locked_do_not_extend_the_lock(client, teacher):
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        _fail(client, "juf.anna", 5)
        traveller.shift(datetime.timedelta(minutes=20))
        _fail(client, "juf.anna", 3)

        traveller.shift(datetime.timedelta(minutes=10, seconds=1))
        response = login_password_step(client, "juf.anna", **SCHOOL_ADDRESS)

    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, teacher):
    _fail(client, "juf.anna", 4)
    login_password_step(client, "juf.anna", **SCHOOL_ADDRESS)
    client.post(reverse("logout"))

    response = _fail(client, "juf.anna", 4)

    assert response.status_code == 200


def test_the_directie_can_unlock_an_account_sooner(client, teacher, directie):
    _fail(client, "juf.anna", 5)

    user_unlock(user=teacher, by=directie)

    assert not AccessAttempt.objects.filter(username="juf.anna").exists()
    assert login_password_step(client, "juf.anna", **SCHOOL_ADDRESS).status_code == 302


def test_only_the_directie_may_unlock(teacher, other_teacher):
    with pytest.raises(PermissionDenied):
        user_unlock(user=teacher, by=other_teacher)


def test_the_management_command_unlocks_by_username(client, teacher):
    _fail(client, "juf.anna", 5)

    call_command("axes_reset_username", "juf.anna")

    assert login_password_step(client, "juf.anna", **SCHOOL_ADDRESS).status_code == 302


def test_a_username_longer_than_the_failure_record_holds_is_refused_at_the_field(client):
    # The failed-login record keeps at most 255 characters of a username.
    response = login_password_step(client, "x" * 300, "wrong password", **SCHOOL_ADDRESS)

    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert errors == [
        gettext("A username has at most %(limit_value)d characters.") % {"limit_value": 150}
    ]
    assert not AccessAttempt.objects.exists()
