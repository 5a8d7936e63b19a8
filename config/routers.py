"""Read replicas for search: DATABASE_REPLICA_URLS adds databases `replica1`, `replica2`, … and the
searches read from them, one chosen at random per search. Everything else reads and writes `default`,
so a write and the reads that follow it in one request always see each other; search reads may lag the
primary by the replication delay.

Search code marks its reads with `with search_reads():`; raw SQL asks `read_alias()` which connection to use.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA_PREFIX = "replica"

_searching: ContextVar[bool] = ContextVar("searching", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def search_reads() -> Iterator[None]:
    """Reads made inside go to a replica when there is one."""
    token = _searching.set(True)
    try:
        yield
    finally:
        _searching.reset(token)


def read_alias() -> str:
    """The database a read should use here: a replica inside search_reads(), else the primary."""
    replicas = replica_aliases()
    if _searching.get() and replicas:
        return random.choice(replicas)
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: an object read from one may point at another's.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
