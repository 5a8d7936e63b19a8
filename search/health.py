"""/healthz for load balancers and monitors: 200 when the database and the search backend answer, else 503
naming the part that failed. What failed and where (hosts, ports, paths, error text) goes to the log only:
the endpoint is public.

  database  ok | unavailable
  search    ok | failed: <what the backend says, in the archive's own words> | failed | misconfigured
  disk      ok | low   (free space under DISK_MIN_FREE_MB where the archive writes; 200 still: reads work)
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.outage import web_database

from . import servers
from .backends import SearchUnavailable, get_backend

logger = logging.getLogger(__name__)
_logged: dict[str, str] = {}  # what was last logged per part: a probe every few seconds logs only changes


def _log_change(part: str, message: str, level: int = logging.ERROR) -> None:
    if _logged.get(part) != message:
        _logged[part] = message
        if message:
            logger.log(level, "healthz: %s: %s", part, message)


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database()}
    database_ok = checks["database"] == "ok"
    checks["search"] = _search(database_ok) if database_ok or not _search_needs_database() else "unavailable"
    checks["disk"] = _disk()
    healthy = checks["database"] == "ok" and checks["search"] == "ok" and checks["disk"] != "unavailable"
    status = "ok" if healthy and checks["disk"] == "ok" else "degraded" if healthy else "unavailable"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        web_database.failed(error)  # logs the error text once, when the database goes away
        return "unavailable"
    web_database.answered()
    return "ok"


def _search_needs_database() -> bool:
    return get_backend().indexes_in_transaction


def _search(database_ok: bool) -> str:
    others = []
    try:
        if database_ok:
            servers.register()  # first: a server whose index is missing still keeps the database's writes apart
            others = servers.other_servers()
        get_backend().check()
    except SearchUnavailable as error:
        return f"failed: {error}"
    except Exception as error:  # noqa: BLE001 - any failure makes the server unhealthy, never a 500
        if _logged.get("search") != repr(error):
            _logged["search"] = repr(error)
            logger.exception("healthz: search")
        return "failed"
    _log_change("search", f"{servers.problem(others)} {servers.FIX}" if others else "")
    return "misconfigured" if others else "ok"


def _disk() -> str:
    """Free space where the archive writes (the data directory, and the index when it is mounted elsewhere)."""
    minimum = settings.DISK_MIN_FREE_MB * 1024 * 1024
    low = []
    for path in _written_paths():
        try:
            free = shutil.disk_usage(path).free
        except OSError as error:
            _log_change("disk", f"{path}: {error}")
            return "unavailable"
        if free < minimum:
            low.append(f"{path}: {free // (1024 * 1024)} MB free")
    _log_change("disk", f"free space under DISK_MIN_FREE_MB={settings.DISK_MIN_FREE_MB}: {'; '.join(low)}" if low else "",
                logging.WARNING)
    return "low" if low else "ok"


def _written_paths() -> list[Path]:
    paths = [Path(settings.ARCHIVE_DATA_DIR)]
    index = settings.SEARCH_BACKEND_OPTIONS.get("path")
    if index:
        index = Path(index)
        paths.append(index if index.exists() else index.parent)
    return paths
