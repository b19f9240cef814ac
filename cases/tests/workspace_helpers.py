"""Shared helpers for the tests of the case workspace's views."""

from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User

try:  # Two-factor login: IB and directie must have a verified second factor.
    from accounts.tests.helpers import otp_login, password_login

    from accounts.services import user_requires_two_factor
except ImportError:  # pragma: no cover - before two-factor login exists
    otp_login = password_login = None


def client_for(user: User) -> Client:
    """A client logged in as `user`, as after a real login (with the second factor where the
    user's role requires one)."""
    client = Client()
    if otp_login is None:
        client.force_login(user)
    elif user_requires_two_factor(user):
        otp_login(client, user)
    else:
        password_login(client, user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response) -> str:
    return response.content.decode()
