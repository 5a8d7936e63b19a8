"""A full disk (issue 20, item 7), for real: the search index lives on a 3 MB tmpfs mounted at ARCHIVE_DATA_DIR/index
(as root, which `make test` and CI are; `sudo -n` otherwise), filled to the last byte, while the database has room.
/healthz reports the low disk (DISK_MIN_FREE_MB) before anything fails; an admin upload confirmed meanwhile answers
success (its import committed), its indexing goes to the worker, and once space is freed the worker indexes it with
no command run."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_worker import SEARCH, UPLOAD, Archive

SUDO = [] if os.geteuid() == 0 else ["sudo", "-n"]
HEALTH = 'import json; from django.test import Client; r = Client().get("/healthz"); print(json.dumps([r.status_code, r.json()]))'


def fill(directory: Path) -> Path:
    """Write until the file system refuses: ENOSPC."""
    filler = directory / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
    return filler


@pytest.fixture
def small_disk():
    data_dir = Path(tempfile.mkdtemp(prefix="talk-archive-disk-"))
    index = data_dir / "index"
    index.mkdir()
    subprocess.run([*SUDO, "mount", "-t", "tmpfs", "-o", "size=3m,mode=0777", "tmpfs", str(index)], check=True)
    try:
        yield Archive(data_dir)
    finally:
        subprocess.run([*SUDO, "umount", "-l", str(index)], check=True)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_a_full_index_disk_is_reported_and_an_upload_still_succeeds_then_is_indexed(small_disk):
    archive = small_disk
    archive.env["DISK_MIN_FREE_MB"] = "1"
    archive.manage("migrate", "-v", "0")
    archive.manage("reindex", "--no-progress")
    assert archive.python(HEALTH) == [200, {"status": "ok", "database": "ok", "search": "ok", "disk": "ok"}]

    filler = fill(archive.data_dir / "index")
    assert shutil.disk_usage(archive.data_dir / "index").free < 1024 * 1024
    assert archive.python(HEALTH) == [200, {"status": "degraded", "database": "ok", "search": "ok", "disk": "low"}]

    done = archive.python(UPLOAD, WORDS="stratospheric balloon")
    assert done["status"] == 302  # the import committed: success, not a 500
    assert archive.sql("SELECT count(*) FROM talks_talk WHERE title = 'stratospheric balloon'") == [(1,)]
    assert archive.index_state("stratospheric balloon") == "failed"
    assert archive.sql("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = 'search.tasks.index_later'"
                       " AND status = 'READY'") == [(1,)]
    assert archive.python(SEARCH, WORD="stratospheric")["hits"] == 0

    # Worse: the database's disk fills too between the commit and what follows it (the state "failed" and the
    # hand-over to the worker cannot be written). SQLite's own error, raised by triggers on those two writes.
    for table, when in (("search_transcriptindexstate", "NEW.status = 'failed'"),
                        ("django_tasks_database_dbtaskresult", "NEW.task_path = 'search.tasks.index_later'")):
        for event in ("INSERT", "UPDATE"):
            archive.sql(f"CREATE TRIGGER full_{event}_{table} BEFORE {event} ON {table} WHEN {when} "
                        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    done = archive.python(UPLOAD, WORDS="mesospheric glider")
    assert done["status"] == 302
    assert archive.index_state("mesospheric glider") == "pending"  # the upkeep finds it
    for table in ("search_transcriptindexstate", "django_tasks_database_dbtaskresult"):
        for event in ("INSERT", "UPDATE"):
            archive.sql(f"DROP TRIGGER full_{event}_{table}")

    filler.unlink()
    assert archive.python(HEALTH)[1]["disk"] == "ok"
    log = (archive.data_dir / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                              cwd=REPO, env=archive.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        archive.wait_for(lambda: archive.index_state("stratospheric balloon") == "indexed", "index the upload", 90)
        archive.wait_for(lambda: archive.index_state("mesospheric glider") == "indexed", "index the upload", 90)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        log.close()
    assert archive.python(SEARCH, WORD="stratospheric")["hits"] == 1
    assert archive.python(SEARCH, WORD="mesospheric")["hits"] == 1
