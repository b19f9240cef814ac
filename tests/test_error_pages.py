"""The error pages a user can meet are Dutch, never Django's English defaults."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.helpers import password_login
from mozaiek import errors

pytestmark = pytest.mark.django_db

ENGLISH = ("Not Found", "Forbidden", "Bad Request", "CSRF verification failed", "was not found")


def _dutch(response, phrase: str) -> None:
    text = response.content.decode()
    assert phrase in text
    for word in ENGLISH:
        assert word not in text


def test_a_page_that_does_not_exist_is_told_in_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    _dutch(response, "Pagina niet gevonden")


def test_a_page_the_role_may_not_open_is_told_in_dutch(client, teacher):
    password_login(client, teacher)
    response = client.get(reverse("cases:staff_list"))
    assert response.status_code == 403
    _dutch(response, "Je mag deze pagina niet openen")


def test_a_request_that_cannot_be_read_is_told_in_dutch():
    request = RequestFactory().get("/")
    response = errors.bad_request(request, ValueError("unreadable"))
    assert response.status_code == 400
    _dutch(response, "Het verzoek kon niet worden gelezen")


def test_an_expired_form_is_told_in_dutch():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"auth-username": "x", "auth-password": "y"})
    assert response.status_code == 403
    _dutch(response, "Het formulier is verlopen")
