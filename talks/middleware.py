"""A write that meets a busy database answers "busy, try again", never a traceback."""

import logging

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
BUSY = "The archive is busy with another write (an import or a rebuild). Nothing was changed; please try again in a few seconds."


class BusyDatabaseMiddleware:
    """SQLite answers `database is locked` when another process held its write lock for longer than
    SQLITE_LOCK_TIMEOUT: that becomes a 503 with Retry-After (the transaction was rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError) or "locked" not in str(exception).lower():
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
        response = JsonResponse({"error": BUSY}, status=503) if wants_json else HttpResponse(
            f"<!DOCTYPE html><html lang=\"en\"><title>Busy</title><h1>Busy, try again</h1><p>{BUSY}</p></html>", status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
