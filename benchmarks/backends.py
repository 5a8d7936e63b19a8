"""Both search backends on one archive, in process: the same queries against Whoosh and PostgreSQL.

    DATABASE_URL=postgres://… python -m benchmarks.backends --size 100k [--reuse]

A hook for benchmarks/run.py as well: measure_backends() reindexes and times each backend in turn."""

from __future__ import annotations

import argparse
import os
import random
import shutil

from benchmarks.run import ROOT, SIZES, build_archive, environment, in_process, median, query_sets, stats


def measure_backends(queries: dict[str, list[str]], speaker: str, names=("whoosh", "postgres")) -> dict[str, dict]:
    """For each backend: full reindex rate (segments/s) and in-process latencies per query class."""
    from django.conf import settings
    from django.test import override_settings

    from search.indexing import reindex

    measured = {}
    for name in names:
        options = {"postgres": {"statement_timeout_ms": 10_000}}.get(name, settings.SEARCH_BACKEND_OPTIONS)
        with override_settings(SEARCH_BACKEND=settings.SEARCH_BACKENDS[name], SEARCH_BACKEND_OPTIONS=options):
            report = reindex()
            measured[name] = {"reindex": report.segments / report.seconds, "latencies": in_process(queries, speaker)}
    return measured


def postgres_index_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(pg_total_relation_size(t)) FROM unnest(ARRAY['search_pg_transcript', "
                       "'search_pg_passage', 'search_pg_term', 'search_pg_word']) AS t")
        return int(cursor.fetchone()[0] or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=sorted(SIZES))
    parser.add_argument("--queries", type=int, default=50, help="queries per class")
    parser.add_argument("--reuse", action="store_true", help="keep the archive already in the database")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database made for this benchmark: its tables are replaced.")
    data_dir = ROOT / "benchmarks" / "var" / f"backends-{args.size}"
    if data_dir.exists() and not args.reuse:
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(data_dir))
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.corpus import SPEAKERS, Vocabularies
    from talks.models import Segment

    vocabularies = Vocabularies.load()
    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("flush", interactive=False, verbosity=0)
    if not Segment.objects.exists():
        imported, seconds = build_archive(SIZES[args.size], vocabularies)
        print(f"import: {imported:,} segments at {imported / seconds:,.0f}/s")
    queries = query_sets(vocabularies, random.Random(7), args.queries)
    measured = measure_backends(queries, SPEAKERS[0])
    print(f"\n## {Segment.objects.count():,} segments, in process, ms median / p95 / max\n")
    print("| measure | Whoosh | PostgreSQL | PostgreSQL ÷ Whoosh |\n| --- | --- | --- | --- |")
    whoosh, postgres = measured["whoosh"], measured["postgres"]
    print(f"| full reindex (segments/s) | {whoosh['reindex']:,.0f} | {postgres['reindex']:,.0f} | "
          f"{postgres['reindex'] / whoosh['reindex']:.2f} |")
    print(f"| PostgreSQL index tables (MB) | | {postgres_index_bytes() / 1e6:,.0f} | |")
    for kind, (latencies, errors) in whoosh["latencies"].items():
        theirs, their_errors = postgres["latencies"][kind]
        print(f"| {kind} | {stats(latencies)}{f' ({errors} refused)' if errors else ''} | {stats(theirs)}"
              f"{f' ({their_errors} refused)' if their_errors else ''} | {median(theirs) / median(latencies):.2f} |")


if __name__ == "__main__":
    main()
