import datetime
from binascii import unhexlify

import pytest
import time_machine
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.helpers import login_password_step, otp_login

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 10, 5, 8, 0, tzinfo=datetime.UTC)
SETUP = "/account/tweestapsverificatie/instellen/"


@pytest.fixture
def traveller():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ib_logged_in(client, ib, traveller):
    """The IB has just logged in with her password and has no app yet."""
    assert login_password_step(client, "ib.carla").status_code == 302
    return client


def _open_qr_step(client):
    assert client.get(SETUP).status_code == 200
    response = client.post(SETUP, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    key = client.session["wizard_setup_view"]["extra_data"]["keys"]["generator"]
    return response, key


def _code_for(key: str) -> str:
    return str(totp(unhexlify(key))).zfill(6)


def _finish(client, code):
    return client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code})


def test_the_setup_starts_with_instructions_for_installing_an_app(ib_logged_in):
    response = ib_logged_in.get(SETUP)

    assert response.status_code == 200
    assert response.context["wizard"]["steps"].current == "welcome"
    assert response.context["two_factor_required"] is True
    assert "Microsoft Authenticator" in response.text


def test_the_second_step_shows_the_qr_code_and_the_key_to_type(ib_logged_in):
    response, key = _open_qr_step(ib_logged_in)

    assert response.context["wizard"]["steps"].current == "generator"
    assert f'src="{reverse("two_factor:qr")}"' in response.text
    secret = response.context["secret_key"]
    assert "".join(response.context["secret_key_groups"]) == secret
    assert response.context["otpauth_url"].startswith("otpauth://totp/Moza%C3%AFek%20Veilig")
    assert f"secret={secret}" in response.context["otpauth_url"]


def test_the_qr_code_is_an_image_from_this_site_that_no_cache_keeps(ib_logged_in):
    _open_qr_step(ib_logged_in)

    response = ib_logged_in.get(reverse("two_factor:qr"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "no-store" in response["Cache-Control"]


def test_the_first_code_from_the_app_finishes_the_setup(ib_logged_in, ib):
    _response, key = _open_qr_step(ib_logged_in)

    response = _finish(ib_logged_in, _code_for(key))

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup_complete")
    device = TOTPDevice.objects.get(user=ib)
    assert device.confirmed and device.name == "default"
    assert ib_logged_in.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert ib_logged_in.get("/meldingen/").status_code == 200


def test_a_wrong_first_code_sets_nothing_up(ib_logged_in, ib):
    _response, key = _open_qr_step(ib_logged_in)
    wrong = str((int(_code_for(key)) + 500_000) % 1_000_000).zfill(6)

    response = _finish(ib_logged_in, wrong)

    assert response.status_code == 200
    assert response.context["wizard"]["form"].errors
    assert not TOTPDevice.objects.filter(user=ib).exists()


def test_the_backup_codes_are_shown_once_after_the_setup(ib_logged_in, ib):
    _response, key = _open_qr_step(ib_logged_in)
    _finish(ib_logged_in, _code_for(key))

    first = ib_logged_in.get(reverse("two_factor:setup_complete"))
    second = ib_logged_in.get(reverse("two_factor:setup_complete"))

    codes = first.context["backup_codes"]
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=ib).values_list("token", flat=True)
    )
    assert all(code in first.text for code in codes)
    assert second.context["backup_codes"] is None
    assert not any(code in second.text for code in codes)


def test_the_setup_may_take_a_while_to_install_the_app(ib_logged_in, traveller):
    _response, key = _open_qr_step(ib_logged_in)
    traveller.shift(datetime.timedelta(minutes=20))

    response = _finish(ib_logged_in, _code_for(key))

    assert response["Location"] == reverse("two_factor:setup_complete")


def test_a_setup_left_open_for_half_an_hour_asks_for_the_password(ib_logged_in, traveller):
    _response, key = _open_qr_step(ib_logged_in)
    traveller.shift(datetime.timedelta(minutes=29))
    ib_logged_in.get("/healthz")  # (keeps the session from idling out)
    traveller.shift(datetime.timedelta(minutes=1))

    response = _finish(ib_logged_in, _code_for(key))

    assert response["Location"].startswith(reverse("accounts:reauthenticate"))


def test_opening_the_setup_long_after_the_login_asks_for_the_password(ib_logged_in, traveller):
    traveller.shift(datetime.timedelta(minutes=5))
    ib_logged_in.get("/healthz")

    response = ib_logged_in.get(SETUP)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:reauthenticate')}?next={SETUP}"


def test_the_setup_cannot_be_posted_to_without_opening_it_first(client, teacher):
    client.force_login(teacher)

    response = client.post(SETUP, {"setup_view-current_step": "welcome"})

    assert response["Location"].startswith(reverse("accounts:reauthenticate"))


def test_someone_with_an_app_cannot_set_up_a_second_one(client, ib):
    otp_login(client, ib)

    assert client.get(SETUP)["Location"] == reverse("two_factor:profile")
    assert client.post(SETUP, {"setup_view-current_step": "welcome"})["Location"] == reverse(
        "two_factor:profile"
    )
    assert TOTPDevice.objects.filter(user=ib).count() == 1
