"""The worker as a real process (`manage.py db_worker`) on a file SQLite archive in a temp data dir:
writes that cannot wait are handed over and done, a lost index is rebuilt, a pending transcript
becomes searchable, and admin edits go through while a folder import runs. No command is run to
repair anything: only the worker."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from tests.conftest import REPO

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n".format
LOGIN = """
import json, time
from django.test import Client
from django.test.utils import setup_test_environment
from django.contrib.auth.models import User
setup_test_environment()
user, _ = User.objects.get_or_create(username="ops", defaults={"is_staff": True, "is_superuser": True})
client = Client()
client.force_login(user)
"""
UPLOAD = LOGIN + """
from tests.talks.admin_helpers import confirm, preview, srt_text
previewed = preview(client, {"up.srt": srt_text([WORDS]).encode()}, title=WORDS)
started = time.monotonic()
done = confirm(client, previewed, title=WORDS)
print(json.dumps({"status": done.status_code, "seconds": time.monotonic() - started}))
"""
SEARCH = """
import json
from django.test import Client
from search.service import search_archive
health = Client().get("/healthz")
print(json.dumps({"hits": search_archive(q=WORD).total_hits, "health": health.status_code, "body": health.json()}))
"""


class Archive:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        # A file SQLite database in the data dir (never a DATABASE_URL the environment may name).
        self.env = {**{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SEARCH_BACKEND"}},
                    "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.test_settings",
                    "SEARCH_UPKEEP_SECONDS": "1", "SEARCH_WRITE_TIMEOUT": "0.5"}

    def manage(self, *args, check=True, **env):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env={**self.env, **env}, capture_output=True,
                              text=True, timeout=180)
        assert not check or done.returncode == 0, done.stderr[-3000:]
        return done

    def python(self, code: str, env=None, **names) -> dict:
        values = "".join(f"{name} = {value!r}\n" for name, value in names.items())
        return json.loads(self.manage("shell", "-c", values + code, **(env or {})).stdout.strip().splitlines()[-1])

    def sql(self, query: str, *params):
        with sqlite3.connect(self.data_dir / "archive.sqlite3", timeout=10) as db:
            return db.execute(query, params).fetchall()

    def index_state(self, title: str) -> str:
        rows = self.sql("SELECT s.status FROM search_transcriptindexstate s JOIN talks_transcript t ON t.id = s.transcript_id "
                        "JOIN talks_talk k ON k.id = t.talk_id WHERE k.title = ?", title)
        return rows[0][0] if rows else "none"

    def wait_for(self, condition, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while not condition():
            log = (self.data_dir / "worker.log").read_text()[-3000:]
            assert time.monotonic() < deadline, f"the worker did not {what} within {timeout} s; its log ends:\n{log}"
            time.sleep(0.2)

    def index_writer(self):
        """Hold the index's write lock, as a running rebuild or another writer does."""
        current = self.data_dir / "index" / os.readlink(self.data_dir / "index" / "current")
        # The worker's upkeep may hold the lock for a moment: wait for it as another writer would.
        return FileStorage(str(current)).open_index().writer(timeout=30, delay=0.05)


@pytest.fixture(scope="module")
def archive():
    # Not under pytest's basetemp, which another pytest run on the machine may rotate away meanwhile.
    archive = Archive(Path(tempfile.mkdtemp(prefix="talk-archive-worker-")))
    archive.manage("migrate", "-v", "0")
    archive.manage("reindex", "--no-progress")
    log = (archive.data_dir / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "-v", "3"],
                              cwd=REPO, env=archive.env, stdout=log, stderr=subprocess.STDOUT)
    yield archive
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    log.close()
    shutil.rmtree(archive.data_dir, ignore_errors=True)


def test_an_upload_while_the_index_is_held_returns_at_once_and_is_found_once_it_is_free(archive):
    writer = archive.index_writer()
    try:
        done = archive.python(UPLOAD, WORDS="zeppelin airship")
        assert done["status"] == 302
        assert done["seconds"] < 10  # it waited SEARCH_WRITE_TIMEOUT (0.5 s), not gunicorn's 30 s
        # The worker keeps retrying while the lock is held (each try marks it pending, then failed).
        assert archive.index_state("zeppelin airship") != "indexed"
        assert archive.python(SEARCH, WORD="zeppelin")["hits"] == 0
    finally:
        writer.cancel()
    archive.wait_for(lambda: archive.index_state("zeppelin airship") == "indexed", "index the upload")
    assert archive.python(SEARCH, WORD="zeppelin")["hits"] == 1


def test_a_pending_transcript_becomes_searchable_with_no_command_run(archive, tmp_path):
    (tmp_path / "p.srt").write_text(SRT("quixotic pending words"))
    writer = archive.index_writer()
    try:
        imported = archive.manage("import_transcripts", str(tmp_path / "p.srt"), "--language", "en", "--title", "Pending",
                                  check=False)
    finally:
        writer.cancel()
    assert imported.returncode == 1 and "the search index could not be written for 1 transcript(s)" in imported.stderr
    # The hand-over to the worker is lost too (as if the process died after its commit): only the upkeep is left.
    # (Queued ones only: a row deleted under a running task would make the worker's own save fail.)
    archive.sql("DELETE FROM django_tasks_database_dbtaskresult WHERE task_path = 'search.tasks.index_later' AND status = 'READY'")
    assert archive.index_state("Pending") in {"pending", "failed"}
    archive.wait_for(lambda: archive.index_state("Pending") == "indexed", "index the pending transcript")
    assert archive.python(SEARCH, WORD="quixotic")["hits"] == 1


def test_a_deleted_index_is_reported_then_rebuilt_by_the_worker(archive, tmp_path):
    (tmp_path / "l.srt").write_text(SRT("lighthouse keeper"))
    archive.manage("import_transcripts", str(tmp_path / "l.srt"), "--language", "en")
    archive.python(SEARCH, WORD="lighthouse")  # opened once, as a running server would have
    subprocess.run(["rm", "-rf", str(archive.data_dir / "index")], check=True)
    lost = archive.python(SEARCH.replace("search_archive(q=WORD).total_hits", "None"), WORD="")
    if lost["health"] == 503:  # the worker may already have rebuilt it: the report is what is checked here
        assert lost["body"]["search"].startswith("failed: The search index is missing")
        assert lost["body"]["database"] == "ok"
    archive.wait_for(lambda: (archive.data_dir / "index" / "current").exists(), "rebuild the lost index")
    found = archive.python(SEARCH, WORD="lighthouse")
    assert found["hits"] == 1 and found["health"] == 200


def test_admin_edits_during_a_folder_import_succeed(archive, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for number in range(60):
        cues = "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nfolder talk {number} cue {i}\n\n" for i in range(20))
        (folder / f"talk-{number:03d}.srt").write_text(cues)
    (tmp_path / "edit.srt").write_text(SRT("before the edit"))
    archive.manage("import_transcripts", str(tmp_path / "edit.srt"), "--language", "en", "--title", "Edited")
    segment_id, transcript_id = archive.sql(
        "SELECT s.id, s.transcript_id FROM talks_segment s JOIN talks_transcript t ON t.id = s.transcript_id "
        "JOIN talks_talk k ON k.id = t.talk_id WHERE k.title = 'Edited'")[0]
    talks_before = archive.sql("SELECT count(*) FROM talks_talk")[0][0]
    # The import shares the index with the worker's upkeep: it may wait longer for the index lock than a request.
    importing = subprocess.Popen([sys.executable, "manage.py", "import_transcripts", str(folder), "--language", "en"],
                                 cwd=REPO, env={**archive.env, "SEARCH_WRITE_TIMEOUT": "20"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    edits = archive.python(LOGIN + """
while __import__("talks.models").models.Talk.objects.count() <= BEFORE:
    time.sleep(0.05)
statuses = []
for n in range(5):
    response = client.post(f"/admin/talks/segment/{SEGMENT}/change/", {
        "transcript": TRANSCRIPT, "position": 0, "start_ms": 1000, "end_ms": 2000, "text": f"edit number {n}", "sound": "",
        "speaker": "", "estimated": ""})
    statuses.append(response.status_code)
print(json.dumps({"statuses": statuses, "talks": __import__("talks.models").models.Talk.objects.count()}))
""", BEFORE=talks_before, SEGMENT=segment_id, TRANSCRIPT=transcript_id)
    assert importing.wait(timeout=180) == 0, importing.stderr.read()[-2000:]
    assert edits["statuses"] == [302] * 5
    assert talks_before < edits["talks"] < talks_before + 60  # the edits went through while the import ran
    assert archive.sql("SELECT count(*) FROM talks_talk")[0][0] == talks_before + 60
    assert archive.sql("SELECT text FROM talks_segment WHERE id = ?", segment_id) == [("edit number 4",)]


def test_a_write_that_meets_a_locked_database_answers_503_with_retry_after(archive):
    login = archive.python(LOGIN + 'print(json.dumps({"cookie": client.cookies["sessionid"].value}))')
    with sqlite3.connect(archive.data_dir / "archive.sqlite3", isolation_level=None) as db:
        db.execute("BEGIN IMMEDIATE")  # another process holds the write lock longer than SQLITE_LOCK_TIMEOUT
        try:
            busy = archive.python("""
import json
from django.test import Client
client = Client()
client.cookies["sessionid"] = COOKIE
response = client.post("/admin/talks/speaker/add/", {"name": "Busy Speaker", "slug": "busy-speaker", "other_names": "[]"})
print(json.dumps({"status": response.status_code, "retry": response.get("Retry-After"), "body": response.content.decode()}))
""", env={"SQLITE_LOCK_TIMEOUT": "1"}, COOKIE=login["cookie"])
        finally:
            db.execute("ROLLBACK")
    assert busy["status"] == 503 and busy["retry"] == "5"
    assert "Busy, try again" in busy["body"] and "Traceback" not in busy["body"]
    assert archive.sql("SELECT count(*) FROM talks_speaker WHERE slug = 'busy-speaker'") == [(0,)]
