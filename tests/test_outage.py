"""A PostgreSQL outage with real processes (issue 20, item 6): gunicorn and `manage.py db_worker` reach the
database through a TCP proxy the test cuts and restores. While it is cut, pages answer 503 with Retry-After and
the site's 503 page (in both interface languages), the API answers 503 in JSON, /healthz names the failing parts
without a host, port or error text, and the worker stays alive, logging one line. Restored, everything answers
again, the worker logs one line more and runs its tasks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import REPO
from tests.tcp_proxy import CuttableProxy
from tests.test_scale_out import free_port

pytestmark = pytest.mark.postgres_only

DOWN = "the database is unavailable"
BACK = "the database is available again"


def get(url: str, language: str = "en", accept: str = "text/html") -> tuple[int, Message, str]:
    """Status, headers (looked up in any case, as HTTP's are) and body."""
    request = urllib.request.Request(url, headers={"Accept-Language": language, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for(condition, what: str, timeout: float = 60, logs: tuple[Path, ...] = ()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}:\n{log.read_text()[-3000:]}" for log in logs)
            raise AssertionError(f"not {what} within {timeout} s\n{tails}")
        time.sleep(0.25)


def upstream(settings_dict) -> str | tuple[str, int]:
    host, port = settings_dict["HOST"] or "/var/run/postgresql", int(settings_dict["PORT"] or 5432)
    return str(Path(host) / f".s.PGSQL.{port}") if host.startswith("/") else (host, port)


@pytest.fixture
def archive(process_database_url, tmp_path):
    """The demo archive on a database of its own; gunicorn and the worker reach it only through the proxy."""
    proxy = CuttableProxy(upstream(connection.settings_dict))
    name = process_database_url.rsplit("/", 1)[1]
    user = connection.settings_dict["USER"] or "postgres"
    password = connection.settings_dict["PASSWORD"]
    proxied = f"postgres://{user}{':' + password if password else ''}@127.0.0.1:{proxy.port}/{name}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
           "DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": proxied, "SEARCH_BACKEND": "postgres",
           "ARCHIVE_DATA_DIR": str(tmp_path / "data"), "DJANGO_SECRET_KEY": "outage-test-secret-key-0123456789abcdef",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DATABASE_CONNECT_TIMEOUT": "3", "SEARCH_UPKEEP_SECONDS": "1",
           "DJANGO_LOG_LEVEL": "INFO"}
    for command in (["migrate", "-v", "0"], ["load_demo"]):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    processes = [
        subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py",
                          "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"],
                         cwd=REPO, env=env, stdout=web_log.open("w"), stderr=subprocess.STDOUT),
        subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
                         cwd=REPO, env=env, stdout=worker_log.open("w"), stderr=subprocess.STDOUT),
    ]
    site = {"url": f"http://127.0.0.1:{port}", "proxy": proxy, "web": processes[0], "worker": processes[1],
            "web_log": web_log, "worker_log": worker_log, "direct": process_database_url, "port": proxy.port}
    try:
        wait_for(lambda: _status(site["url"] + "/healthz") == 200, "healthy", 90, (web_log, worker_log))
        yield site
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        proxy.close()


def _status(url: str) -> int | None:
    try:
        return get(url)[0]
    except OSError:
        return None


def lines(log: Path, text: str) -> list[str]:
    return [line for line in log.read_text().splitlines() if text in line]


def upkeep_runs_since(direct_url: str, moment: float) -> int:
    with psycopg.connect(direct_url.replace("postgres://", "postgresql://", 1)) as db:
        return db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = 'search.tasks.upkeep'"
                          " AND status = 'SUCCESSFUL' AND finished_at > to_timestamp(%s)", [moment]).fetchone()[0]


def test_an_outage_answers_503_keeps_the_worker_and_heals(archive):
    url, proxy = archive["url"], archive["proxy"]
    assert get(f"{url}/talks/")[0] == 200
    wait_for(lambda: upkeep_runs_since(archive["direct"], 0) > 0, "upkeep run once", 60, (archive["worker_log"],))

    proxy.cut()
    status, headers, body = get(f"{url}/talks/")
    assert (status, headers["Retry-After"]) == (503, "30")
    assert '<html lang="en">' in body and "The archive is unavailable for a moment" in body
    assert 'class="site-header"' in body and "/static/css/base.css" in body  # the design system's page
    status, headers, body = get(f"{url}/talks/", language="zh-hans")
    assert (status, headers["Retry-After"]) == (503, "30")
    assert '<html lang="zh-hans">' in body and "演讲档案暂时无法访问" in body
    status, headers, body = get(f"{url}/api/talks", accept="application/json")
    assert (status, headers["Retry-After"], json.loads(body)) == (
        503, "30", {"error": "The archive is unavailable for a moment. Please try again shortly."})
    status, _, body = get(f"{url}/healthz")
    assert (status, json.loads(body)) == (503, {"status": "unavailable", "database": "unavailable",
                                                "search": "unavailable", "disk": "ok"})
    assert "127.0.0.1" not in body and str(archive["port"]) not in body

    time.sleep(8)  # the worker tries again at 1, 2, 4 s: still one line
    assert archive["worker"].poll() is None, archive["worker_log"].read_text()[-3000:]
    assert archive["web"].poll() is None
    assert len(lines(archive["worker_log"], "worker: " + DOWN)) == 1
    assert len(lines(archive["web_log"], "web: " + DOWN)) == 1
    assert "OperationalError: " in lines(archive["web_log"], DOWN)[0]  # the details are in the log
    assert "Traceback" not in archive["worker_log"].read_text()
    assert "Traceback" not in archive["web_log"].read_text()  # one line per change, not a traceback per request

    proxy.restore()
    restored = time.time()
    wait_for(lambda: _status(f"{url}/healthz") == 200, "healthy again", 30, (archive["web_log"],))
    assert get(f"{url}/talks/")[0] == 200
    wait_for(lambda: upkeep_runs_since(archive["direct"], restored) > 0, "running tasks again", 60,
             (archive["worker_log"],))
    assert len(lines(archive["worker_log"], "worker: " + BACK)) == 1
    assert len(lines(archive["worker_log"], "worker: " + DOWN)) == 1
    assert len(lines(archive["worker_log"], "Starting worker")) == 1
    assert len(lines(archive["web_log"], "web: " + BACK)) == 1
