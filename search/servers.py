"""Refusing a setup that cannot work: several servers, each with a Whoosh index on its own disk, sharing one
database. An upload through one server is indexed on that server's disk only, so it is never found through
the others. Each such server records itself in the database (IndexServer, refreshed by /healthz and the
worker's upkeep); seeing another one recently means the setup is wrong. SQLite is one machine's file, so
only a shared server database (PostgreSQL) is watched."""

from __future__ import annotations

import datetime
import logging
import socket
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import IndexServer

logger = logging.getLogger(__name__)

SEEN_WITHIN = datetime.timedelta(minutes=10)
REFRESH_SECONDS = 60
PROBLEM = ("{count} other server(s) with a search index of their own ({servers}) use this database: an upload through "
           "one is never searchable through the others.")
FIX = "Use SEARCH_BACKEND=postgres for several servers (the index then lives in the shared database), or run one server."
_refreshed = {"at": 0.0, "id": ""}
_lock = threading.Lock()


def watched() -> bool:
    """Whether this server keeps a local index on a database other servers may share."""
    return not settings.SEARCH_BACKEND.endswith("PostgresBackend") and connection.vendor != "sqlite"


def server_id() -> str:
    """This server's id, kept beside its index directory (a worker on the same disk shares it)."""
    path = Path(settings.SEARCH_BACKEND_OPTIONS["path"])
    id_file = path.parent / f"{path.name}.server-id"
    try:
        return str(uuid.UUID(id_file.read_text().strip()))
    except (OSError, ValueError):
        id_file.parent.mkdir(parents=True, exist_ok=True)
        new = str(uuid.uuid4())
        id_file.write_text(new + "\n")
        return new


def register() -> None:
    """Record this server as seen now (at most once a minute per process)."""
    if not watched():
        return
    with _lock:
        if time.monotonic() - _refreshed["at"] < REFRESH_SECONDS and _refreshed["id"] == server_id():
            return
        _refreshed.update(at=time.monotonic(), id=server_id())
    IndexServer.objects.update_or_create(
        server_id=server_id(),
        defaults={"host": socket.gethostname(), "index_path": str(settings.SEARCH_BACKEND_OPTIONS["path"]),
                  "last_seen": timezone.now()},
    )


def other_servers() -> list[IndexServer]:
    """The other servers with a local index seen through this database lately."""
    if not watched():
        return []
    return list(IndexServer.objects.exclude(server_id=server_id())
                .filter(last_seen__gte=timezone.now() - SEEN_WITHIN).order_by("host", "index_path"))


def problem(others: list[IndexServer]) -> str:
    return PROBLEM.format(count=len(others), servers=", ".join(str(server) for server in others))
