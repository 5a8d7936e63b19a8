"""A database that cannot be reached (PostgreSQL down, a network cut) answers 503 with Retry-After and the
site's own error page, never a traceback; the error text (host, port) goes to the log only, once per change
of state, not once per request."""

from __future__ import annotations

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseState:
    """Up or down, as last seen by this process; logs one line when it changes (down, then back)."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.down_since: float | None = None
        self._lock = threading.Lock()

    def failed(self, error: BaseException) -> bool:
        """Record a failure; True when this is the change from up to down (and was logged)."""
        with self._lock:
            if self.down_since is not None:
                return False
            self.down_since = time.monotonic()
        logger.error("%s: the database is unavailable (%s: %s)", self.who, type(error).__name__, " ".join(str(error).split()))
        return True

    def answered(self) -> bool:
        """Record a success; True when this is the change from down to up (and was logged)."""
        if self.down_since is None:
            return False
        with self._lock:
            if self.down_since is None:
                return False
            seconds, self.down_since = time.monotonic() - self.down_since, None
        logger.warning("%s: the database is available again (after %.0f s)", self.who, seconds)
        return True


web_database = DatabaseState("web")


def is_outage(error: BaseException) -> bool:
    """A lost or refused connection: PostgreSQL's connection failures (no SQLSTATE, class 08, or 57P: the server
    shutting down or starting), SQLite's file that cannot be opened. Not a busy SQLite (talks.middleware), a
    statement over its time limit, a deadlock, nor a missing table: those are not waited out."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if type(cause).__module__.startswith("sqlite3"):
        return "unable to open database file" in str(error)
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(("08", "57P"))


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 500:
            web_database.answered()
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        web_database.failed(exception)
        return unavailable(request)


def unavailable(request) -> HttpResponse:
    """503 with Retry-After: JSON for the API, else templates/503.html (rendered with no database query)."""
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": _("The archive is unavailable for a moment. Please try again shortly.")},
                                status=503)
    else:
        response = TemplateResponse(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
        response.render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: templates/500.html in the site's design, rendered without the database (Django's own
    handler renders it without the request, so the header's forms would miss their CSRF token). A lost database
    met outside a view (in a middleware) is an outage too: 503."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        web_database.failed(error)
        return unavailable(request)
    try:
        response = TemplateResponse(request, "500.html", status=500)
        response.render()
        return response
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("rendering 500.html failed")
        return HttpResponse("<!doctype html><title>Server error</title><h1>Server error</h1>", status=500)
