"""The login helpers other apps' tests use must leave a page costing what it costs later."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests import helpers

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_password_login_leaves_the_first_page_as_cheap_as_the_next(client, teacher):
    helpers.password_login(client, teacher)

    assert _queries(client, "/meldingen/") == _queries(client, "/meldingen/")


def test_otp_login_leaves_the_first_page_as_cheap_as_the_next(client, ib):
    helpers.otp_login(client, ib)

    assert _queries(client, "/meldingen/") == _queries(client, "/meldingen/")


def test_the_otp_login_fixture_gives_a_verified_session(otp_login, client, coordinator, confidant):
    for user in (coordinator, confidant):
        otp_login(client, user)
        assert client.get("/meldingen/").status_code == 200
