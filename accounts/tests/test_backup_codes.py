import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from accounts.security import SESSION_REAUTHENTICATED_AT
from accounts.services import backup_codes_regenerate
from accounts.tests.helpers import otp_login

pytestmark = pytest.mark.django_db

BACKUP_CODES = "/account/tweestapsverificatie/reservecodes/"
NEW_CODES = "/account/tweestapsverificatie/reservecodes/nieuw/"


@pytest.fixture
def ib_client(client, ib):
    otp_login(client, ib)
    session = client.session
    session[SESSION_REAUTHENTICATED_AT] = time.time()
    session.save()
    return client


def test_the_page_shows_how_many_codes_are_left_but_not_the_codes(ib_client, ib):
    codes = backup_codes_regenerate(user=ib)

    response = ib_client.get(BACKUP_CODES)

    assert response.status_code == 200
    assert response.context["backup_codes_remaining"] == 10
    assert response.context["backup_codes"] is None
    assert not any(code in response.text for code in codes)


def test_new_codes_are_shown_once_and_replace_the_old_ones(ib_client, ib):
    old = set(backup_codes_regenerate(user=ib))

    response = ib_client.post(NEW_CODES)
    shown = ib_client.get(BACKUP_CODES)
    again = ib_client.get(BACKUP_CODES)

    assert response["Location"] == BACKUP_CODES
    new = set(shown.context["backup_codes"])
    assert len(new) == 10
    assert new == set(StaticToken.objects.filter(device__user=ib).values_list("token", flat=True))
    assert not new & old
    assert again.context["backup_codes"] is None


def test_new_codes_need_a_post(ib_client):
    assert ib_client.get(NEW_CODES).status_code == 405


def test_new_codes_need_a_fresh_password(client, ib):
    otp_login(client, ib)

    response = client.post(NEW_CODES)

    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not StaticToken.objects.filter(device__user=ib).exists()


def test_someone_without_an_app_is_sent_to_the_overview(client, teacher):
    client.force_login(teacher)
    session = client.session
    session[SESSION_REAUTHENTICATED_AT] = time.time()
    session.save()

    response = client.post(NEW_CODES)

    assert response["Location"] == reverse("two_factor:profile")
    assert not StaticToken.objects.exists()
