import re
import time

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts.middleware import SecurityHeadersMiddleware
from accounts.security import SESSION_NEW_BACKUP_CODES, SESSION_REAUTHENTICATED_AT
from accounts.tests.helpers import login_password_step, otp_login

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_login_page_carries_the_strict_policy(client):
    response = client.get(reverse("login"))

    assert response["Content-Security-Policy"] == CSP
    assert "camera=()" in response["Permissions-Policy"]
    assert {"no-store", "private"} <= _cache_directives(response)


def test_a_page_with_pupil_data_is_never_stored(client, teacher):
    client.force_login(teacher)

    response = client.get("/meldingen/")

    assert response.status_code == 200
    assert {"no-store", "private"} <= _cache_directives(response)
    assert response["Content-Security-Policy"] == CSP


def test_redirects_and_errors_carry_the_headers_too(client):
    for response in (client.get("/"), client.get("/bestaat-niet/")):
        assert {"no-store", "private"} <= _cache_directives(response)
        assert response["Content-Security-Policy"] == CSP


def test_the_lockout_page_carries_the_headers(client, teacher):
    for _ in range(5):
        response = login_password_step(client, "juf.anna", "wrong")

    assert response.status_code == 429
    assert response["Content-Security-Policy"] == CSP
    assert "no-store" in _cache_directives(response)


def test_static_files_may_be_cached():
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse("body {}"))

    response = middleware(RequestFactory().get(f"{settings.STATIC_URL}css/app.css"))

    assert "Cache-Control" not in response
    assert response["Content-Security-Policy"] == CSP


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=|javascript:", re.IGNORECASE)


def _assert_allowed_by_the_policy(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline <script> is refused by script-src 'self'"
    assert not INLINE_STYLE.search(html), "inline style is refused by style-src 'self'"
    assert not INLINE_HANDLER.search(html), "event handlers and javascript: URLs are refused"
    for url in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert not url.startswith(("http:", "https:", "//")), f"{url} is not from this site"


def test_every_account_page_runs_under_the_policy(client, ib, teacher):
    pages = []
    pages.append(client.get(reverse("login")))
    pages.append(client.get(reverse("accounts:reauthenticate")))  # → login (anonymous)
    for _ in range(5):
        locked = login_password_step(client, "meester.bram", "wrong")
    pages.append(locked)

    login_password_step(client, "ib.carla")
    setup = "/account/tweestapsverificatie/instellen/"
    pages.append(client.get(setup))
    pages.append(client.post(setup, {"setup_view-current_step": "welcome"}))
    pages.append(client.get(reverse("accounts:reauthenticate")))

    otp_login(client, ib)
    session = client.session
    session[SESSION_REAUTHENTICATED_AT] = time.time()
    session[SESSION_NEW_BACKUP_CODES] = ["abcd2345", "efgh6789"]
    session.save()
    pages.append(client.get(reverse("two_factor:setup_complete")))
    pages.append(client.get(reverse("two_factor:backup_tokens")))
    pages.append(client.get(reverse("two_factor:profile")))
    pages.append(client.get(reverse("two_factor:disable")))

    templates = set()
    for response in pages:
        assert response.status_code in (200, 302, 429)
        if response.status_code != 302:
            _assert_allowed_by_the_policy(response.text)
            templates.update(t.name for t in response.templates if t.name)
    assert {
        "two_factor/core/login.html",
        "accounts/locked_out.html",
        "two_factor/core/setup.html",
        "accounts/reauthenticate.html",
        "two_factor/core/setup_complete.html",
        "two_factor/core/backup_tokens.html",
        "two_factor/profile/profile.html",
        "two_factor/profile/disable.html",
    } <= templates
