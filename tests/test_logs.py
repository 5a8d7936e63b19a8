"""What the logs say (issue 18, item 8), through the logging configured in config/settings.py: a visitor's mistake
(400) is not logged, a missing page and a server error still are; the worker's upkeep says nothing when it had
nothing to do and one line when it did; the worker under the reloader (DEBUG, as `make run`) prints one
"Watching for file changes" line, not two."""

import io
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_worker import Archive


@pytest.fixture
def console():
    """The console handler LOGGING configured on the root logger, writing into a buffer."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_a_visitors_bad_query_or_parameter_is_not_logged_but_a_missing_page_is(client, db, console):
    assert client.get("/api/search", {"q": "((("}).status_code == 400
    assert client.get("/search/", {"q": "a", "page": "abc"}).status_code == 400
    assert client.get("/no/such/page/").status_code == 404
    assert console.getvalue().splitlines() == ["Not Found: /no/such/page/"]


def test_the_upkeep_logs_only_what_it_did_and_the_reloader_speaks_once():
    archive = Archive(Path(tempfile.mkdtemp(prefix="talk-archive-logs-")))
    try:
        archive.manage("migrate", "-v", "0")
        archive.manage("reindex", "--no-progress")
        log_path = archive.data_dir / "worker.log"
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                                  cwd=REPO, env={**archive.env, "DJANGO_DEBUG": "1", "PYTHONUNBUFFERED": "1"},
                                  stdout=log_path.open("w"), stderr=subprocess.STDOUT)
        try:
            upkeeps = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = 'search.tasks.upkeep'"
            archive.wait_for(lambda: archive.sql(upkeeps + " AND status = 'SUCCESSFUL'")[0][0] >= 3, "run the upkeep 3 times")
            quiet = log_path.read_text().splitlines()
            shutil.rmtree(archive.data_dir / "index")  # something for the upkeep to do: rebuild the index
            archive.wait_for(lambda: "upkeep:" in log_path.read_text(), "log the rebuild")
            done = archive.sql(upkeeps + " AND status = 'SUCCESSFUL'")[0][0]
            archive.wait_for(lambda: archive.sql(upkeeps + " AND status = 'SUCCESSFUL'")[0][0] >= done + 3,
                             "run the upkeep 3 more times with nothing to do")
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(timeout=30)
        assert [line.split(" worker_id=")[0] for line in quiet] == [
            "Watching for file changes with StatReloader", "Starting worker"]
        did = [line for line in log_path.read_text().splitlines() if "upkeep" in line]
        assert did == ["upkeep: rebuilt=True"]
    finally:
        shutil.rmtree(archive.data_dir, ignore_errors=True)
