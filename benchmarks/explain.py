"""The SQL one search runs on the PostgreSQL backend, each statement with EXPLAIN (ANALYZE, BUFFERS).

    DATABASE_URL=postgres://…/talk_archive_bench_1m .venv/bin/python -m benchmarks.explain the "to be" ocean*

(the benchmark's database: `make benchmark` keeps each size's database while its cluster runs, or use
BENCHMARK_DATABASE_URL to keep it on a server of your own). Prints, per query, each statement's share of
the search and its plan."""

from __future__ import annotations

import argparse
import os
import time


def explain(query: str, *, plans: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends import SearchRequest, get_backend
    from search.query import parse_query

    request = SearchRequest(query=parse_query(query).root)
    backend = get_backend()
    backend.search(request)  # warm: the plans below are for a cache as a running server has it
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        results = backend.search(request)
        total = (time.perf_counter() - started) * 1000
    print(f"\n## {query!r}: {total:.1f} ms, {results.total_hits:,} hits in {results.total_talks:,} talks "
          f"({'exact' if results.total_exact else 'estimated'})\n")
    with connection.cursor() as cursor:
        for statement in captured.captured_queries:
            sql = statement["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "set_config" in sql:
                continue
            print(f"- {float(statement['time']) * 1000:.1f} ms  {' '.join(sql.split())[:160]}")
            if plans:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join("      " + row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--no-plans", action="store_true", help="statement times only")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["SEARCH_BACKEND"] = "postgres"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    import django

    django.setup()
    for query in args.queries:
        explain(query, plans=not args.no_plans)


if __name__ == "__main__":
    main()
