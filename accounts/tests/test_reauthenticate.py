import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.helpers import PASSWORD, otp_login

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 10, 5, 8, 0, tzinfo=datetime.UTC)
REAUTH = "/account/wachtwoord-bevestigen/"
DISABLE = "/account/tweestapsverificatie/uitschakelen/"
BACKUP_CODES = "/account/tweestapsverificatie/reservecodes/"


@pytest.fixture
def traveller():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ib_client(client, ib, traveller):
    otp_login(client, ib)
    return client


@pytest.mark.parametrize("path", [DISABLE, BACKUP_CODES])
def test_changing_the_second_factor_asks_for_the_password_first(ib_client, path):
    response = ib_client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next={path}"


def test_the_right_password_opens_the_page_asked_for(ib_client):
    response = ib_client.post(REAUTH, {"password": PASSWORD, "next": DISABLE})

    assert response["Location"] == DISABLE
    assert ib_client.get(DISABLE).status_code == 200


def test_a_wrong_password_opens_nothing(ib_client):
    response = ib_client.post(REAUTH, {"password": "not it", "next": DISABLE})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert ib_client.get(DISABLE).status_code == 302


def test_the_password_is_good_for_five_minutes(ib_client, traveller):
    ib_client.post(REAUTH, {"password": PASSWORD})

    traveller.shift(datetime.timedelta(minutes=4, seconds=59))
    assert ib_client.get(DISABLE).status_code == 200
    traveller.shift(datetime.timedelta(seconds=2))
    assert ib_client.get(DISABLE)["Location"] == f"{REAUTH}?next={DISABLE}"


def test_a_post_after_the_five_minutes_is_sent_back_to_the_page(ib_client, ib, traveller):
    ib_client.post(REAUTH, {"password": PASSWORD})
    traveller.shift(datetime.timedelta(minutes=6))

    response = ib_client.post(DISABLE, {"confirm": "on"})

    assert response["Location"] == f"{REAUTH}?next={DISABLE}"
    assert ib.totpdevice_set.exists()


def test_the_next_page_must_be_on_this_site(ib_client):
    response = ib_client.post(REAUTH, {"password": PASSWORD, "next": "https://evil.example/"})

    assert response["Location"] == reverse("two_factor:profile")


def test_wrong_passwords_here_count_towards_the_login_lockout(ib_client):
    for _ in range(4):
        assert ib_client.post(REAUTH, {"password": "guess"}).status_code == 200

    response = ib_client.post(REAUTH, {"password": "guess"})

    assert response.status_code == 429


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(REAUTH)

    assert response["Location"].startswith(reverse("login"))


def test_the_right_password_here_clears_earlier_typos(ib_client):
    for _ in range(4):
        ib_client.post(REAUTH, {"password": "guess"})
    ib_client.post(REAUTH, {"password": PASSWORD})

    for _ in range(4):
        response = ib_client.post(REAUTH, {"password": "guess"})

    assert response.status_code == 200
