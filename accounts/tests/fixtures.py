"""Fixtures for logging in privileged users, usable from any test module.

Register them for the whole suite with `pytest_plugins = ["accounts.tests.fixtures"]` in the root
conftest.py; accounts/tests/conftest.py imports them for this app's tests.
"""

import pytest

from accounts.tests import helpers


@pytest.fixture
def otp_login(db):
    """`otp_login(client, user)`: log in as after a full two-factor login."""
    return helpers.otp_login


@pytest.fixture
def password_login(db):
    """`password_login(client, user)`: force_login for users without a second factor."""
    return helpers.password_login


@pytest.fixture
def ib_client(client, ib):
    """A test client logged in as the IB with a verified second factor."""
    helpers.otp_login(client, ib)
    return client


@pytest.fixture
def directie_client(client, directie):
    helpers.otp_login(client, directie)
    return client
