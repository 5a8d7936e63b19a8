"""The benchmark's PostgreSQL database: one per size on the server BENCHMARK_DATABASE_URL names, or the throwaway
cluster `scripts/postgres.sh` starts (THROWAWAY_DATABASE_URL, as `make benchmark` does). Without either, the
benchmark runs on SQLite and measures Whoosh and FTS5 only."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def server_url() -> str | None:
    return os.environ.get("BENCHMARK_DATABASE_URL") or os.environ.get("THROWAWAY_DATABASE_URL") or None


def database_for(label: str, *, fresh: bool) -> str | None:
    """The URL of database `talk_archive_bench_<label>`, created (or emptied first when fresh) on the server."""
    import psycopg

    base = server_url()
    if base is None:
        return None
    name = f"talk_archive_bench_{label.lower()}"
    parts = urlsplit(base)
    with psycopg.connect(_libpq(base), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if fresh or not exists:
            connection.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    return urlunsplit(parts._replace(path=f"/{name}"))


def _libpq(url: str) -> str:
    """psycopg reads postgres:// URLs, but not a percent-encoded socket directory as the host."""
    import dj_database_url

    config = dj_database_url.parse(url)
    fields = {"dbname": config["NAME"], "user": config["USER"], "password": config["PASSWORD"],
              "host": config["HOST"], "port": config["PORT"]}
    return " ".join(f"{key}='{value}'" for key, value in fields.items() if value)
