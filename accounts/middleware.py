import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, ngettext
from two_factor.utils import default_device

from accounts.security import (
    SESSION_LAST_ACTIVITY,
    SESSION_REGISTERED_KEY,
    SESSION_STARTED_AT,
)
from accounts.services import user_requires_two_factor, user_session_register


class SecurityHeadersMiddleware:
    """Headers every page gets: the Content-Security-Policy, a minimal Permissions-Policy, and
    `Cache-Control: no-store` on everything but static files, because nearly every page shows
    pupil data and a shared school computer must not keep a copy of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path_info.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _back_to_login(request: HttpRequest) -> HttpResponse:
    login_url = resolve_url(settings.LOGIN_URL)
    if request.method == "GET" and request.path != login_url:
        return redirect_to_login(request.get_full_path(), login_url)
    return redirect(login_url)


# Seconds between two writes of the idle stamp.
IDLE_STAMP_INTERVAL = 60


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT seconds without a request, and
    SESSION_COOKIE_AGE seconds after login however busy it is (Django alone would renew the
    session on every save). Also records which user holds the session (UserSession), so that
    deactivating an account can end all of its sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._end_if_expired(request)
            if ended is not None:
                return ended
            self._touch(request)
        return self.get_response(request)

    def _end_if_expired(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = time.time()
        started_at = session.get(SESSION_STARTED_AT)
        last_activity = session.get(SESSION_LAST_ACTIVITY)
        if started_at is not None and now - started_at >= settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE // 3600
            message = ngettext(
                "You were logged out automatically because you had been logged in for "
                "%(hours)d hour. Log in again to continue.",
                "You were logged out automatically because you had been logged in for "
                "%(hours)d hours. Log in again to continue.",
                hours,
            ) % {"hours": hours}
        elif last_activity is not None and now - last_activity >= settings.SESSION_IDLE_TIMEOUT:
            minutes = settings.SESSION_IDLE_TIMEOUT // 60
            message = ngettext(
                "You were logged out automatically after %(minutes)d minute without activity. "
                "Log in again to continue.",
                "You were logged out automatically after %(minutes)d minutes without activity. "
                "Log in again to continue.",
                minutes,
            ) % {"minutes": minutes}
        else:
            return None
        logout(request)
        messages.info(request, message, extra_tags="session-expired")
        return _back_to_login(request)

    def _touch(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        session.setdefault(SESSION_STARTED_AT, now)
        # The stamp is renewed at most once a minute, so that most requests do not write the
        # session. The idle time is measured from the stamp, so a session closes at most
        # SESSION_IDLE_TIMEOUT after the last request and at least a minute less (README).
        last_activity = session.get(SESSION_LAST_ACTIVITY)
        if last_activity is None or now - last_activity >= IDLE_STAMP_INTERVAL:
            session[SESSION_LAST_ACTIVITY] = now
        if session.session_key and session.get(SESSION_REGISTERED_KEY) != session.session_key:
            user_session_register(user=request.user, session_key=session.session_key)
            session[SESSION_REGISTERED_KEY] = session.session_key


# Reachable whatever the state of the second factor.
ALWAYS_OPEN = frozenset({"login", "two_factor:login", "logout", "healthz"})
# Reachable, besides, by someone who must still set up an authenticator app.
ENROLMENT = frozenset({"two_factor:setup", "two_factor:qr", "accounts:reauthenticate"})


class TwoFactorEnforcementMiddleware:
    """Keeps users who must log in with a second factor (accounts.services.
    user_requires_two_factor) out of everything until this session is verified:
    without an authenticator app they can only set one up; with one, they log in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name in ALWAYS_OPEN or not user_requires_two_factor(user):
            return None
        if default_device(user) is None:
            if view_name in ENROLMENT:
                return None
            return redirect("two_factor:setup")
        # Logged in with the password only (before the app was set up, perhaps elsewhere).
        messages.info(
            request,
            gettext("Log in again with the code from your authenticator app."),
            extra_tags="two-factor-required",
        )
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
