import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import UserSession
from accounts.tests.helpers import login_password_step

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 10, 5, 8, 0, tzinfo=datetime.UTC)
INCIDENTS = "/meldingen/"


@pytest.fixture
def traveller():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def logged_in(client, teacher, traveller):
    assert login_password_step(client, "juf.anna").status_code == 302
    assert client.get(INCIDENTS).status_code == 200
    return client


def _expired_message(response) -> str:
    (message,) = [m for m in get_messages(response.wsgi_request) if "session-expired" in m.tags]
    return message.message


def test_a_session_idle_for_29_minutes_59_is_still_open(logged_in, traveller):
    traveller.shift(datetime.timedelta(minutes=29, seconds=59))

    assert logged_in.get(INCIDENTS).status_code == 200


def test_a_session_idle_for_30_minutes_1_is_closed(logged_in, traveller):
    traveller.shift(datetime.timedelta(minutes=30, seconds=1))

    response = logged_in.get(INCIDENTS)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={INCIDENTS}"
    assert SESSION_KEY not in logged_in.session
    assert "30" in _expired_message(response)


def test_the_login_page_says_why_you_were_logged_out(logged_in, traveller):
    traveller.shift(datetime.timedelta(minutes=31))

    response = logged_in.get(INCIDENTS, follow=True)

    (message,) = list(response.context["messages"])
    assert "session-expired" in message.tags
    assert message.message in response.text


def test_every_request_restarts_the_idle_clock(logged_in, traveller):
    for _ in range(4):
        traveller.shift(datetime.timedelta(minutes=25))
        assert logged_in.get(INCIDENTS).status_code == 200


def test_the_idle_time_comes_from_the_environment_setting(settings, logged_in, traveller):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    traveller.shift(datetime.timedelta(minutes=10))

    assert logged_in.get(INCIDENTS).status_code == 302


def test_a_session_ends_twelve_hours_after_login_however_busy(logged_in, traveller):
    # Busy all day: a request every 20 minutes until just before 12 hours.
    for _ in range(35):
        traveller.shift(datetime.timedelta(minutes=20))
        assert logged_in.get(INCIDENTS).status_code == 200
    traveller.shift(datetime.timedelta(minutes=19, seconds=59))  # 11:59:59 after login
    assert logged_in.get(INCIDENTS).status_code == 200

    traveller.shift(datetime.timedelta(seconds=2))  # 12:00:01
    response = logged_in.get(INCIDENTS)

    assert response.status_code == 302
    assert SESSION_KEY not in logged_in.session
    assert "12" in _expired_message(response)


def test_logging_in_again_starts_a_new_twelve_hours(logged_in, traveller, client):
    traveller.shift(datetime.timedelta(hours=11, minutes=50))
    client.post(reverse("logout"))
    login_password_step(client, "juf.anna")

    traveller.shift(datetime.timedelta(minutes=20))

    assert client.get(INCIDENTS).status_code == 200


def test_the_session_is_recorded_for_its_user(logged_in, teacher):
    assert list(UserSession.objects.values_list("user", "session_key")) == [
        (teacher.pk, logged_in.session.session_key)
    ]


def test_anonymous_visitors_are_left_alone(client, traveller):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert not UserSession.objects.exists()


# The idle stamp is renewed at most once a minute (accounts.middleware.IDLE_STAMP_INTERVAL),
# so the 29:59/30:01 boundary above is measured from the last request that renewed it.


def test_a_request_within_a_minute_of_the_stamp_does_not_write_the_session(logged_in, traveller):
    before = dict(logged_in.session.items())
    traveller.shift(datetime.timedelta(seconds=59))

    response = logged_in.get(INCIDENTS)

    assert response.status_code == 200
    assert not response.wsgi_request.session.modified
    assert dict(logged_in.session.items()) == before


def test_a_request_a_minute_after_the_stamp_renews_it(logged_in, traveller):
    traveller.shift(datetime.timedelta(minutes=1))
    assert logged_in.get(INCIDENTS).status_code == 200

    traveller.shift(datetime.timedelta(minutes=29, seconds=59))  # 30:59 after login
    assert logged_in.get(INCIDENTS).status_code == 200


def test_the_idle_time_counts_from_the_stamp_so_it_closes_at_most_a_minute_early(
    logged_in, traveller
):
    traveller.shift(datetime.timedelta(seconds=30))
    assert logged_in.get(INCIDENTS).status_code == 200  # too soon to renew the stamp

    traveller.shift(datetime.timedelta(minutes=29, seconds=31))  # 30:01 after the stamp
    response = logged_in.get(INCIDENTS)  # 29:31 after the last request

    assert response.status_code == 302
    assert SESSION_KEY not in logged_in.session
