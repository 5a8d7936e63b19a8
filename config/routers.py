"""Read replicas for search. DATABASE_REPLICA_URLS adds the databases `replica1`, `replica2`, … (listed in
settings.DATABASE_REPLICAS); each search reads from one of them, chosen at random, so one search sees one
consistent copy. Every write and every other read uses `default`, so a change and the pages that follow it
always agree; a search may lag the primary by the replication delay.

Search code marks its reads with `search_reads()` (a context manager and decorator); raw SQL asks
`read_alias()` which connection to use.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_search_alias: ContextVar[str | None] = ContextVar("search_alias", default=None)


@contextmanager
def search_reads() -> Iterator[None]:
    """Reads made inside go to one replica, when there is one and no write transaction is open here
    (a search inside a transaction must see that transaction's own changes)."""
    replicas = settings.DATABASE_REPLICAS
    in_transaction = connections[DEFAULT_DB_ALIAS].in_atomic_block
    alias = random.choice(replicas) if replicas and not in_transaction else None
    token = _search_alias.set(alias or _search_alias.get())
    try:
        yield
    finally:
        _search_alias.reset(token)


def read_alias() -> str:
    """The database a read should use here: the search's replica inside search_reads(), else the primary."""
    return _search_alias.get() or DEFAULT_DB_ALIAS


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
