"""Logging in from tests.

Users whose role requires two-factor login (IB, directie, coordinator, aanspreekpersoon, staff;
teachers when TWO_FACTOR_REQUIRED_FOR_TEACHERS is on) are sent to the two-factor setup by
accounts.middleware.TwoFactorEnforcementMiddleware after a plain `client.force_login(user)`.
Log them in with `otp_login(client, user)` instead: it gives them an authenticator app and
marks the session as verified with it, as a real two-factor login does.

Both `otp_login` and `password_login` also do the bookkeeping that the first request of a new
session would otherwise do (recording the session for its user), so that a test counting the
queries of a page sees what every later page view costs.
"""

import time

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.security import SESSION_LAST_ACTIVITY, SESSION_REGISTERED_KEY, SESSION_STARTED_AT
from accounts.services import user_session_register

PASSWORD = "correct horse battery"  # tests/factories.py UserFactory's password


def totp_device_create(user: User) -> TOTPDevice:
    """A confirmed authenticator app, under the name two_factor's login looks for."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def totp_now(device: TOTPDevice) -> str:
    """The code the user's app shows at this moment (time-machine moves it along)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


def _session_begin(client: Client, user: User, **values) -> None:
    session = client.session
    user_session_register(user=user, session_key=session.session_key)
    now = time.time()
    session.update(
        {
            SESSION_REGISTERED_KEY: session.session_key,
            SESSION_STARTED_AT: now,
            SESSION_LAST_ACTIVITY: now,
            **values,
        }
    )
    session.save()


def password_login(client: Client, user: User) -> None:
    """`client.force_login(user)` for users who log in with a password only (teachers)."""
    client.force_login(user)
    _session_begin(client, user)


def otp_login(client: Client, user: User) -> TOTPDevice:
    """Log in as after a full two-factor login; returns the user's app (created if needed)."""
    device = TOTPDevice.objects.filter(user=user, name="default", confirmed=True).first()
    if device is None:
        device = totp_device_create(user)
    client.force_login(user)
    _session_begin(client, user, **{DEVICE_ID_SESSION_KEY: device.persistent_id})
    return device


def login_password_step(client: Client, username: str, password: str = PASSWORD, **extra):
    """Step one of the real login form (the only step for users without an app)."""
    return client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        **extra,
    )


def login_code_step(client: Client, code: str):
    """Step two: the six-digit code from the app."""
    return client.post(
        reverse("login"), {"login_view-current_step": "token", "token-otp_token": code}
    )


def login_backup_code_step(client: Client, code: str):
    """Step two without the phone: switch to the backup-code form, then send a backup code."""
    client.post(reverse("login"), {"wizard_goto_step": "backup"})
    return client.post(
        reverse("login"), {"login_view-current_step": "backup", "backup-otp_token": code}
    )
