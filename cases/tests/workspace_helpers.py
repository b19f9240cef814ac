"""Shared helpers for the tests of the case workspace's views."""

from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def html(response) -> str:
    return response.content.decode()
