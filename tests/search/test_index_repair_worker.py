"""The worker (`manage.py db_worker`, a real process) finds a damaged or half-dropped index through the
backend's check() and rebuilds it, with no operator: a Whoosh table of contents emptied, Whoosh postings
overwritten, PostgreSQL search tables and a text search configuration dropped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.search.conftest import BACKEND_NAMES
from tests.search.test_index_race import Archive

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n".format
SEARCH = """
import json
from django.test import Client
from search.service import search_archive
health = Client().get("/healthz")
try:
    hits = search_archive(q=WORD).total_hits
except Exception as error:
    hits = type(error).__name__
print(json.dumps({"hits": hits, "health": health.status_code, "search": health.json()["search"]}))
"""


def search(archive: Archive, word: str) -> dict:
    done = archive.manage("shell", "-c", f"WORD = {word!r}\n" + SEARCH)
    return json.loads(done.stdout.strip().splitlines()[-1])


def wait_until_found(archive: Archive, word: str, log, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        found = search(archive, word)
        if found == {"hits": 1, "health": 200, "search": "ok"}:
            return found
        assert time.monotonic() < deadline, f"not repaired: {found}; the worker's log ends:\n{log.read_text()[-3000:]}"
        time.sleep(0.5)


def current_generation(archive: Archive):
    index = archive.data_dir / "index"
    return index / os.readlink(index / "current")


def empty_table_of_contents(archive: Archive) -> None:
    for toc in current_generation(archive).glob("_MAIN_*.toc"):
        toc.write_bytes(b"")


def overwrite_postings(archive: Archive) -> None:
    for postings in current_generation(archive).glob("*.pst"):
        postings.write_bytes(b"\xa5" * postings.stat().st_size)


def drop_postgres_parts(archive: Archive) -> None:
    archive.manage("shell", "-c", "from django.db import connection\n"
                   "connection.cursor().execute('DROP TABLE search_pg_passage, search_pg_word; "
                   "DROP TEXT SEARCH CONFIGURATION talkarchive_english')")


DAMAGE = {"whoosh": [empty_table_of_contents, overwrite_postings], "postgres": [drop_postgres_parts]}


@pytest.mark.both_databases
@pytest.mark.parametrize("backend", BACKEND_NAMES)
def test_the_worker_rebuilds_a_damaged_index_with_no_operator(tmp_path, process_database_url, backend):
    archive = Archive(tmp_path, process_database_url, backend)
    archive.env.update(SEARCH_UPKEEP_SECONDS="1", DJANGO_LOG_LEVEL="INFO")
    archive.manage("migrate", "--no-input", "-v", "0")
    (tmp_path / "w.srt").write_text(SRT("Wombat burrows everywhere"))
    archive.manage("import_transcripts", str(tmp_path / "w.srt"), "--language", "en")
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                                  cwd=REPO, env=archive.env, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert search(archive, "wombat") == {"hits": 1, "health": 200, "search": "ok"}
        for damage in DAMAGE[backend]:
            damage(archive)
            wait_until_found(archive, "wombat", log)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert log.read_text().count("rebuilding the search index: ") == len(DAMAGE[backend])
