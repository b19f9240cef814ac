"""A request that finds the database away for a moment (a PostgreSQL restart) is answered 503
with Retry-After and a Dutch page, never 500 or 400."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

MOMENT = "One moment, please"


@pytest.fixture
def plain_client(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client.raise_request_exception = False
    return client


def test_a_lost_connection_while_reading_the_session_is_answered_503(
    plain_client, teacher, monkeypatch
):
    plain_client.force_login(teacher)

    def load(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", load)
    response = plain_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert gettext(MOMENT) in response.content.decode()


def test_a_session_that_could_not_be_saved_for_the_database_is_answered_503_not_400(
    plain_client, teacher, monkeypatch
):
    plain_client.force_login(teacher)

    def save(self, must_create=False):
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            raise UpdateError from None

    monkeypatch.setattr(SessionStore, "save", save)
    response = plain_client.get("/")
    assert response.status_code == 503


def test_a_session_deleted_by_a_concurrent_logout_is_still_a_bad_request(
    plain_client, teacher, monkeypatch
):
    plain_client.force_login(teacher)

    def save(self, must_create=False):
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", save)
    assert plain_client.get("/").status_code == 400


def test_any_other_fault_is_a_500_in_dutch(plain_client, teacher, monkeypatch):
    plain_client.force_login(teacher)

    def load(self):
        raise ValueError("a bug")

    monkeypatch.setattr(SessionStore, "load", load)
    response = plain_client.get("/")
    assert response.status_code == 500
    assert gettext("Something went wrong") in response.content.decode()
