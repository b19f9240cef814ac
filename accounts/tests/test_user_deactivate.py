import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from accounts.services import user_deactivate
from accounts.tests.helpers import login_password_step

pytestmark = pytest.mark.django_db

INCIDENTS = "/meldingen/"


def _browser_logged_in_as(username: str) -> Client:
    browser = Client()
    assert login_password_step(browser, username).status_code == 302
    assert browser.get(INCIDENTS).status_code == 200
    return browser


def test_deactivating_ends_every_session_of_the_user(teacher, directie):
    laptop = _browser_logged_in_as("juf.anna")
    phone = _browser_logged_in_as("juf.anna")

    user_deactivate(user=teacher, by=directie)

    for browser in (laptop, phone):
        response = browser.get(INCIDENTS)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not UserSession.objects.filter(user=teacher).exists()


def test_the_sessions_are_deleted_not_just_refused(teacher, directie):
    laptop = _browser_logged_in_as("juf.anna")
    session_key = laptop.session.session_key

    user_deactivate(user=teacher, by=directie)

    assert not Session.objects.filter(session_key=session_key).exists()


def test_other_users_stay_logged_in(teacher, other_teacher, directie):
    _browser_logged_in_as("juf.anna")
    colleague = _browser_logged_in_as("meester.bram")

    user_deactivate(user=teacher, by=directie)

    assert colleague.get(INCIDENTS).status_code == 200


def test_a_deactivated_user_cannot_log_in_again(teacher, directie):
    user_deactivate(user=teacher, by=directie)
    teacher.refresh_from_db()
    browser = Client()

    response = login_password_step(browser, "juf.anna")

    assert teacher.is_active is False
    assert response.status_code == 200
    assert browser.get(INCIDENTS).status_code == 302


def test_only_the_directie_may_deactivate(teacher, other_teacher, ib):
    for by in (other_teacher, ib):
        with pytest.raises(PermissionDenied):
            user_deactivate(user=teacher, by=by)
    teacher.refresh_from_db()
    assert teacher.is_active is True


def test_the_directie_cannot_deactivate_themselves(directie):
    with pytest.raises(ValidationError):
        user_deactivate(user=directie, by=directie)
