"""/healthz for load balancers: 200 only when the database and the search backend both answer."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .backends import SearchUnavailable, get_backend

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database(), "search": _search()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("healthz: database: %s", error)
        return f"failed: {error}"
    return "ok"


def _search() -> str:
    try:
        get_backend().check()
    except SearchUnavailable as error:
        return f"failed: {error}"
    except Exception as error:  # noqa: BLE001 - any failure makes the server unhealthy, never a 500
        logger.exception("healthz: search")
        return f"failed: {type(error).__name__}"
    return "ok"
