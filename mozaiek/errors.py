"""Error pages, and the database being away for a moment.

While PostgreSQL restarts (an upgrade, a failover) a request can find its connection gone or
no server to connect to. That is not a fault of the request: it is answered 503 with
Retry-After and a page that says to try again in a moment, never 500. A session that could not
be saved for the same reason is answered the same way, not 400 (Django reports that as a
session deleted by a concurrent logout). The pages render without the request's context, as
its context processors would ask the missing database again.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether the exception, or one it was raised from or during, says the database could
    not be reached or the connection was lost (DB-API: an error of the database's operation,
    not of the query)."""
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the 500 handler inside its `except` block, so the exception is at hand.
    if database_unavailable(sys.exc_info()[1]):
        return _unavailable()
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if database_unavailable(exception):
        logger.warning("The session could not be saved: the database was unavailable.")
        return _unavailable()
    return defaults.bad_request(request, exception)
