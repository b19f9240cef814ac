"""Session bookkeeping for login security: when the session began, when it was last used, when
the password was last entered. Timestamps are `time.time()` seconds, which survive the JSON
session serializer and follow the wall clock (a monotonic clock would restart with the server).
"""

import time

from django.conf import settings
from django.http import HttpRequest

SESSION_STARTED_AT = "security_started_at"
SESSION_LAST_ACTIVITY = "security_last_activity"
SESSION_REAUTHENTICATED_AT = "security_reauth_at"
SESSION_REGISTERED_KEY = "security_registered_key"
# Set when the two-factor setup wizard is opened with a fresh password; its later steps may
# then be completed within TWO_FACTOR_SETUP_WINDOW even after the password is five minutes old.
SESSION_SETUP_STARTED_AT = "security_setup_started_at"
SESSION_NEW_BACKUP_CODES = "security_new_backup_codes"

TWO_FACTOR_SETUP_WINDOW = 30 * 60


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username django-axes counts failures for.

    Django's authenticate() hands axes credentials with a plain "username"; the two-factor
    login form posts it as "auth-username" (the wizard prefixes every field with its step).
    """
    if credentials and credentials.get("username"):
        return credentials["username"]
    data = getattr(request, "POST", None) or {}
    return data.get("auth-username") or data.get("username") or None


def session_mark_login(request: HttpRequest) -> None:
    """A password was just entered to log in: start the clocks of this session."""
    now = time.time()
    request.session[SESSION_STARTED_AT] = now
    request.session[SESSION_LAST_ACTIVITY] = now
    request.session[SESSION_REAUTHENTICATED_AT] = now


def session_mark_reauthenticated(request: HttpRequest) -> None:
    request.session[SESSION_REAUTHENTICATED_AT] = time.time()


def reauthenticated_recently(request: HttpRequest) -> bool:
    entered_at = request.session.get(SESSION_REAUTHENTICATED_AT)
    if entered_at is None:
        return False
    return time.time() - entered_at < settings.REAUTHENTICATION_MAX_AGE
