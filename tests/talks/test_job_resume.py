"""A background upload job outlives its worker: `db_worker` killed with SIGKILL in the middle of a job,
another worker started, and the job resumes from its next file; every file is imported exactly once.
Real processes, on SQLite and on PostgreSQL (a database of its own on the test server)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlparse

import psycopg
import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db(transaction=True)]

FILES, CUES = 8, 700
LEASE_SECONDS = 3
QUEUE = """
import json
from django.contrib.auth.models import User
from talks.models import StagedFile
from talks.services import ImportMetadata, confirming
from talks.tasks import import_upload_later
user = User.objects.create_superuser("ops", password="not-used-here")
token = "resume-token-" + "x" * 20
for position in range(FILES):
    cues = "".join(f"{i + 1}\\n{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d},000 --> {i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d},900\\n"
                   f"file {position} line {i} about lighthouses and keepers\\n\\n" for i in range(CUES))
    StagedFile.objects.create(token=token, position=position, name=f"part-{position}.srt", content=cues.encode(), owner=user)
job = import_upload_later(token=token, owner_id=user.pk, choices=[confirming.FileChoice(language="en")] * FILES,
                          talk_slug="", metadata=ImportMetadata(title="Resumed upload"))
print(json.dumps({"job": job}))
"""
CHECK = """
import json
from search.backends import get_backend
from talks.models import SourceFile, StagedFile, Transcript, UploadJob
from django_tasks_db.models import DBTaskResult
job = DBTaskResult.objects.get(pk=JOB)
print(json.dumps({
    "status": job.status, "workers": len(job.worker_ids), "interruptions": UploadJob.objects.get(pk=JOB).interruptions,
    "files": sorted(SourceFile.objects.values_list("filename", flat=True)),
    "segments": sorted(t.segments.count() for t in Transcript.objects.all()),
    "talks": sorted(set(Transcript.objects.values_list("talk__title", flat=True))),
    "staged_bytes": sum(len(bytes(f.content)) for f in StagedFile.objects.all()),
    "indexed": len(get_backend().indexed_transcript_ids()), "returned": job.return_value,
}))
"""


class ProcessArchive:
    def __init__(self, database_url: str, data_dir):
        self.database_url = database_url
        self.data_dir = data_dir
        self.env = {**{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SEARCH_BACKEND"}},
                    "DATABASE_URL": database_url, "ARCHIVE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1",
                    "DJANGO_SETTINGS_MODULE": "config.test_settings", "ARCHIVE_ENV_FILE": "",
                    "SEARCH_UPKEEP_SECONDS": "1", "JOB_LEASE_SECONDS": str(LEASE_SECONDS)}

    def manage(self, *args) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str, **names) -> dict:
        values = "".join(f"{name} = {value!r}\n" for name, value in names.items())
        return json.loads(self.manage("shell", "-c", values + code).strip().splitlines()[-1])

    def scalar(self, query: str, *params):
        """One value read straight from the database the processes use (no Django in between)."""
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(urlparse(self.database_url).path, timeout=30) as db:
                return db.execute(query.replace("%s", "?"), params).fetchone()[0]
        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://", 1)) as db:
            return db.execute(query, params).fetchone()[0]

    def worker(self, name: str) -> subprocess.Popen:
        log = (self.data_dir / f"{name}.log").open("w")
        return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
                                 "--worker-id", name, "-v", "2"], cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_for(self, condition, what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            logs = "\n".join(p.read_text()[-1500:] for p in self.data_dir.glob("*.log"))
            assert time.monotonic() < deadline, f"{what}: not within {timeout} s; the workers' logs end:\n{logs}"
            time.sleep(0.1)

    def imported(self) -> int:
        return self.scalar("SELECT count(*) FROM talks_stagedfile WHERE imported_at IS NOT NULL")

    def job_status(self, job: str) -> str:
        return self.scalar("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", job.replace("-", "")
                           if self.database_url.startswith("sqlite") else job)


@pytest.fixture
def process_archive(process_database_url, tmp_path):
    archive = ProcessArchive(process_database_url, tmp_path / "data")
    archive.data_dir.mkdir()
    archive.manage("migrate", "-v", "0")
    return archive


def test_a_job_whose_worker_is_killed_is_resumed_by_another_worker_and_imports_every_file_once(process_archive):
    archive = process_archive
    job = archive.python(QUEUE, FILES=FILES, CUES=CUES)["job"]
    first = archive.worker("first")
    try:
        archive.wait_for(lambda: archive.imported() >= 2, "the first worker imports two files")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
    killed_at = archive.imported()
    assert 2 <= killed_at < FILES  # killed mid-job: files were left to import
    assert archive.job_status(job) == "RUNNING"  # as the dead worker left it

    second = archive.worker("second")
    try:
        archive.wait_for(lambda: archive.job_status(job) == "SUCCESSFUL", "the second worker finishes the job")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    state = archive.python(CHECK, JOB=job)
    assert state["workers"] == 2 and state["interruptions"] == 1
    assert state["files"] == [f"part-{n}.srt" for n in range(FILES)]  # each file once: no file lost, none twice
    assert state["segments"] == [CUES] * FILES and state["talks"] == ["Resumed upload"]
    assert state["returned"]["files"] == FILES and state["returned"]["talk"]
    assert state["staged_bytes"] == 0  # the staged copies are emptied once imported
    archive.wait_for(lambda: archive.python(CHECK, JOB=job)["indexed"] == FILES, "index every transcript", timeout=60)
