"""Shared helpers for the tests of the case workspace's views."""

from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from accounts.services import user_requires_two_factor
from accounts.tests.helpers import otp_login, password_login


def client_for(user: User) -> Client:
    """A client logged in as `user`, as after a real login (with the second factor where the
    user's role requires one)."""
    client = Client()
    if user_requires_two_factor(user):
        otp_login(client, user)
    else:
        password_login(client, user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response) -> str:
    return response.content.decode()
