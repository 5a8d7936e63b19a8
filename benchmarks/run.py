"""Benchmark: import, reindex and search at 10k / 100k / 1M segments with the Whoosh and PostgreSQL backends,
against SQLite FTS5 over the same corpus in the same run.

    make benchmark                      (10k and 100k, in a throwaway PostgreSQL cluster)
    scripts/postgres.sh .venv/bin/python -m benchmarks.run --sizes 1M --engines postgres

Prints one table per size; latencies in ms (median / p95 / max), ratios are each engine ÷ FTS5."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def environment(data_dir: Path) -> dict[str, str]:
    return {
        "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_LOG_LEVEL": "WARNING",
        "SEARCH_REBUILD_PROCS": os.environ.get("SEARCH_REBUILD_PROCS", "2"),
    }


def stats(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} / {ordered[-1]:.1f}"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def build_archive(size: int, vocabularies) -> tuple[int, float]:
    from benchmarks.corpus import talks
    from talks.services import ImportMetadata, import_transcript
    from talks.services.metadata import SpeakerInfo
    from talks.signals import transcripts_changed

    # Import and indexing are measured apart: the import's after-commit indexing is switched off here.
    transcripts_changed.disconnect(dispatch_uid="search.index_after_commit")
    count, started = 0, time.perf_counter()
    for talk in talks(vocabularies, segments=size):
        metadata = ImportMetadata(talk_slug=f"talk-{talk.number}", title=f"Synthetic talk {talk.number}",
                                  speakers=(SpeakerInfo(talk.speaker),), date=__import__("datetime").date(talk.year, 6, 1))
        import_transcript(data=talk.srt, filename=f"talk-{talk.number}.srt", language=talk.language, metadata=metadata)
        count += talk.srt.count(b" --> ")
    return count, time.perf_counter() - started


def query_sets(vocabularies, rng: random.Random, per_class: int) -> dict[str, list[str]]:
    from talks.models import Segment

    en = vocabularies.en
    sample = list(Segment.objects.filter(transcript__language="en").order_by("?").values_list("text", flat=True)[:per_class])
    phrases = []
    for text in sample:
        words = text.rstrip(".").split()
        start = rng.randrange(0, max(1, len(words) - 3))
        phrases.append('"' + " ".join(words[start:start + 3]) + '"')
    two_char = [w for w in vocabularies.zh.words[:3000] if len(w) == 2]
    mid = [en.rank(rng.randrange(100, 2000)) for _ in range(per_class * 3)]
    return {
        "very common word (the, to, and…)": [en.rank(rng.randrange(0, 10)) for _ in range(per_class // 4)],
        "common word": [en.rank(rng.randrange(30, 300)) for _ in range(per_class)],
        "rare word": [en.rank(rng.randrange(8000, 30000)) for _ in range(per_class)],
        "two-word AND": [f"{a} {b}" for a, b in zip(mid[::2], mid[1::2])][:per_class],
        "three-word phrase": phrases,
        "Chinese 2-char word": [rng.choice(two_char) for _ in range(per_class)],
        "prefix": [w[:5] + "*" for w in mid if len(w) >= 7][:per_class],
        "speaker filter": [en.rank(rng.randrange(30, 300)) for _ in range(per_class)],
        "grouped page": [en.rank(rng.randrange(200, 3000)) for _ in range(per_class)],
    }


def in_process(queries: dict[str, list[str]], speaker: str) -> dict[str, tuple[list[float], int]]:
    from search.backends import SearchRequest, get_backend
    from search.query import QueryError, parse_query
    from search.service import Filters, search_archive
    from talks.models import Speaker

    backend = get_backend()
    speaker_id = Speaker.objects.get(name=speaker).pk
    results = {}
    for kind, texts in queries.items():
        latencies, errors = [], 0
        for text in texts:
            try:
                if kind == "grouped page":
                    ms, _ = timed(search_archive, q=text, filters=Filters())
                else:
                    request = SearchRequest(query=parse_query(text).root,
                                            speaker_ids=(speaker_id,) if kind == "speaker filter" else ())
                    ms, _ = timed(backend.search, request)
            except QueryError:
                errors += 1
                continue
            latencies.append(ms)
        results[kind] = (latencies, errors)
    return results


def fts5_run(path: Path, queries: dict[str, list[str]], speaker: str):
    from benchmarks.fts5 import Fts5, fts5_query
    from talks.models import Segment

    fts = Fts5(path)
    rows = Segment.objects.values_list("text", "transcript__talk_id", "transcript__talk__speakers__name", "start_ms").iterator(chunk_size=5000)
    count, seconds = fts.build(rows)
    kinds = {"three-word phrase": "phrase", "prefix": "prefix", "Chinese 2-char word": "chinese"}
    latencies = {}
    for kind, texts in queries.items():
        values = []
        for text in texts:
            match = fts5_query(kinds.get(kind, "words"), text)
            ms, _ = timed(fts.page, match, speaker if kind == "speaker filter" else None)
            values.append(ms)
        latencies[kind] = values
    return count / seconds, fts.size(), latencies


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


ENGINE_NAMES = {"whoosh": "Whoosh", "postgres": "PostgreSQL"}
# Issue 10's targets for the PostgreSQL backend at 1M segments: (row label, target text, met?).
TARGETS = [
    ("import (segments/s)", "≥ 7,500", lambda v: v >= 7500),
    ("full reindex (segments/s)", "≥ 10,000", lambda v: v >= 10_000),
    ("/api/search c=1 p50 (ms)", "≤ 15", lambda v: v <= 15),
    ("/api/search c=1 p95 (ms)", "≤ 50", lambda v: v <= 50),
    ("/api/search c=8 throughput (req/s)", "≥ 100", lambda v: v >= 100),
    ("worker peak memory (MB)", "≤ 400", lambda v: v <= 400),
]


def run_size(label: str, size: int, args) -> None:
    from benchmarks.database import database_for

    data_dir = ROOT / "benchmarks" / "var" / label
    if data_dir.exists() and not args.reuse:
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = environment(data_dir)
    database_url = database_for(label, fresh=not args.reuse)
    if database_url:
        env["DATABASE_URL"] = database_url
    engines = [e for e in args.engines.split(",") if e == "whoosh" or (e == "postgres" and database_url)]
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.backends import measure_backends, postgres_index_bytes
    from benchmarks.corpus import SPEAKERS, Vocabularies
    from talks.models import Segment

    vocabularies = Vocabularies.load()
    call_command("migrate", verbosity=0)
    figures: dict[str, dict] = {engine: {} for engine in engines}
    if not Segment.objects.exists():
        imported, seconds = build_archive(size, vocabularies)
        for engine in engines:  # one import feeds every engine
            figures[engine]["import"] = imported / seconds
    segments = Segment.objects.count()
    queries = query_sets(vocabularies, random.Random(7), args.queries)
    speaker = SPEAKERS[0]
    # The benchmark's own archive: each engine's full rebuild is what is measured, never the stale repair.
    for engine, measured in measure_backends(queries, speaker, names=engines).items():
        figures[engine].update(reindex=measured["reindex"], latencies=measured["latencies"])
    if "whoosh" in figures:
        figures["whoosh"]["bytes"] = directory_size(data_dir / "index" / os.readlink(data_dir / "index" / "current"))
    if "postgres" in figures:
        figures["postgres"]["bytes"] = postgres_index_bytes()
    fts_rate, fts_bytes, fts = fts5_run(data_dir / "fts5.sqlite3", queries, speaker)
    baseline = {"reindex": fts_rate, "bytes": fts_bytes, "latencies": {k: (v, 0) for k, v in fts.items()}}
    if not args.skip_http:
        for engine in engines:
            figures[engine]["http"] = end_to_end({**env, "SEARCH_BACKEND": engine}, queries, speaker, args)
    print_table(label, segments, engines, figures, baseline)


def end_to_end(env: dict[str, str], queries: dict[str, list[str]], speaker: str, args) -> dict:
    from benchmarks.http_load import Server, first_query_ms, load, url

    urls = [url(q, speaker=speaker) if kind == "speaker filter" else url(q) for kind, texts in queries.items() for q in texts]
    random.Random(3).shuffle(urls)
    first = [first_query_ms(env, queries["grouped page"][i]) for i in range(3)]
    with Server(env, workers=2) as server:
        load(server, urls[:20], concurrency=2, requests=20)  # warm both workers
        single = load(server, urls, concurrency=1, requests=args.requests)
        eight = load(server, urls, concurrency=8, requests=args.requests * 2)
        peak = server.peak_rss_mb()
    return {"single": single, "eight": eight, "first": median(first), "peak": peak}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if a == a and b == b and b else ""


def print_table(label: str, segments: int, engines: list[str], figures: dict, baseline: dict) -> None:
    print(f"\n## {label}: {segments:,} segments  ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    names = [ENGINE_NAMES[e] for e in engines]
    print("| measure | " + " | ".join(names) + " | SQLite FTS5 | " + " | ".join(f"{n} ÷ FTS5" for n in names) + " |")
    print("| --- " * (2 + 2 * len(engines)) + "|")

    def row(measure: str, values: list[str], fts: str, ratios: list[str]) -> None:
        print(f"| {measure} | " + " | ".join(values) + f" | {fts} | " + " | ".join(ratios) + " |")

    if all("import" in figures[e] for e in engines):
        row("import (segments/s)", [f"{figures[e]['import']:,.0f}" for e in engines], "", [""] * len(engines))
    row("full reindex (segments/s)", [f"{figures[e]['reindex']:,.0f}" for e in engines], f"{baseline['reindex']:,.0f}",
        [ratio(figures[e]["reindex"], baseline["reindex"]) for e in engines])
    row("index size (MB)", [f"{figures[e]['bytes'] / 1e6:,.0f}" for e in engines], f"{baseline['bytes'] / 1e6:,.0f}",
        [ratio(figures[e]["bytes"], baseline["bytes"]) for e in engines])
    for kind, (fts, _) in baseline["latencies"].items():
        cells = []
        for e in engines:
            latencies, errors = figures[e]["latencies"][kind]
            cells.append(stats(latencies) + (f" ({errors} refused)" if errors else ""))
        row(f"in-process {kind} (ms)", cells, stats(fts),
            [ratio(median(figures[e]["latencies"][kind][0]), median(fts)) for e in engines])
    if all("http" in figures[e] for e in engines):
        http = [figures[e]["http"] for e in engines]
        row("/api/search c=1 (ms)", [stats(h["single"]["latencies"]) for h in http], "", [""] * len(engines))
        row("/api/search c=1 throughput (req/s)", [f"{h['single']['throughput']:.0f}" for h in http], "", [""] * len(engines))
        row("/api/search c=8 (ms)", [stats(h["eight"]["latencies"]) for h in http], "", [""] * len(engines))
        row("/api/search c=8 throughput (req/s)", [f"{h['eight']['throughput']:.0f} ({h['eight']['errors']} errors)"
                                                   for h in http], "", [""] * len(engines))
        row("first search of a fresh worker (ms)", [f"{h['first']:.0f}" for h in http], "", [""] * len(engines))
        row("worker peak memory (MB)", [f"{h['peak']:.0f}" for h in http], "", [""] * len(engines))
    if "postgres" in engines:
        print_targets(figures["postgres"])
    sys.stdout.flush()


def print_targets(postgres: dict) -> None:
    http = postgres.get("http")
    measured = {
        "import (segments/s)": postgres.get("import"),
        "full reindex (segments/s)": postgres["reindex"],
        "/api/search c=1 p50 (ms)": median(http["single"]["latencies"]) if http else None,
        "/api/search c=1 p95 (ms)": percentile(http["single"]["latencies"], 0.95) if http else None,
        "/api/search c=8 throughput (req/s)": http["eight"]["throughput"] if http else None,
        "worker peak memory (MB)": http["peak"] if http else None,
    }
    print("\n| PostgreSQL backend target (issue 10, at 1M) | target | measured | met |\n| --- | --- | --- | --- |")
    for measure, target, met in TARGETS:
        value = measured[measure]
        shown = "not measured" if value is None else f"{value:,.1f}"
        print(f"| {measure} | {target} | {shown} | {'' if value is None else 'met' if met(value) else 'not met'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--requests", type=int, default=400, help="HTTP requests at concurrency 1 (twice that at 8)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing archive of that size (skip the import)")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--engines", default="whoosh,postgres",
                        help="search backends to measure (postgres needs a PostgreSQL server: make benchmark starts one)")
    args = parser.parse_args()
    labels = [s.strip() for s in args.sizes.split(",")]
    if len(labels) > 1:  # each size in a process of its own: Django is set up once per process
        for label in labels:
            extra = ["--reuse"] * args.reuse + ["--skip-http"] * args.skip_http
            subprocess.run([sys.executable, "-m", "benchmarks.run", "--sizes", label, "--queries", str(args.queries),
                            "--requests", str(args.requests), "--engines", args.engines, *extra], cwd=ROOT, check=True)
        return
    run_size(labels[0], SIZES[labels[0]], args)


if __name__ == "__main__":
    main()
