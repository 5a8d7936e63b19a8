"""Two app servers behind one PostgreSQL database (issue 10, item 4): real gunicorn processes, each with a data
directory of its own, SEARCH_BACKEND=postgres, and nothing shared but the database. An upload previewed through
one is confirmed through the other; it is found through both at once; a full reindex run beside one never makes
either fail or answer empty; /healthz answers 200 on both."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import REPO
from tests.http_client import Client, forms

pytestmark = pytest.mark.postgres_only

PASSWORD = "scale-out-test-password-31337"
SRT = "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n" for i, line in enumerate(
    ["Quasicrystals have order without periodicity", "The second server confirms what the first previewed"]))


@dataclass
class AppServer:
    name: str
    url: str
    env: dict[str, str]
    process: subprocess.Popen

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env, capture_output=True,
                              text=True, timeout=300)

    def search(self, query: str) -> tuple[int, dict]:
        client = Client()
        answer = client.get(f"{self.url}/api/search?{urlencode({'q': query})}")
        return answer.status, json.loads(answer.text) if answer.status == 200 else {"error": answer.text[:500]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(name: str, database_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.test_settings", "DATABASE_URL": database_url, "SEARCH_BACKEND": "postgres",
        "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SECRET_KEY": "scale-out-test-shared-secret-key-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_LOG_LEVEL": "WARNING", "GUNICORN_CMD_ARGS": f"--name {name}",
    }


def start(name: str, env: dict[str, str]) -> AppServer:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--access-logfile", "/dev/null"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    server = AppServer(name, f"http://127.0.0.1:{port}", env, process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn {name} exited: {process.stderr.read()[-3000:]}")
        try:
            if Client().get(f"{server.url}/healthz").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop(server)
    raise AssertionError(f"gunicorn {name} did not answer /healthz within 90 s")


def stop(server: AppServer) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def servers(process_database_url, tmp_path):
    """Two servers on a database of their own, holding the demo archive, with an admin account."""
    envs = [server_environment(name, process_database_url, tmp_path / name) for name in ("first", "second")]
    setup = AppServer("setup", "", {**envs[0], "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, None)
    for command in (["migrate", "-v", "0"], ["load_demo"], ["createsuperuser", "--noinput", "--username", "admin",
                                                               "--email", "admin@example.org"]):
        done = setup.manage(*command)
        assert done.returncode == 0, done.stderr
    started = []
    try:
        for name, env in zip(("first", "second"), envs):
            started.append(start(name, env))
        yield started
    finally:
        for server in started:
            stop(server)


def logged_in(server: AppServer) -> Client:
    client = Client()
    login = client.get(f"{server.url}/admin/login/")
    form = forms(login.text, login.url)[0]
    form.set("username", "admin")
    form.set("password", PASSWORD)
    assert client.submit(form).status == 302
    return client


def test_two_servers_share_uploads_searches_and_a_reindex(servers):
    first, second = servers
    assert [Client().get(f"{s.url}/healthz").status for s in servers] == [200, 200]
    assert [s.search("quasicrystals")[1]["total_hits"] for s in servers] == [0, 0]

    # Previewed through the first server, confirmed through the second: the staged files are in the database.
    client = logged_in(first)
    upload_page = client.get(f"{first.url}/admin/talks/talk/upload/")
    form = forms(upload_page.text, upload_page.url)[-1]
    form.set("title", "Order without periodicity")
    previewed = client.submit(form, files={"files": [("quasi.en.srt", SRT.encode())]})
    assert previewed.status == 200, previewed.text[-2000:]
    confirm_form = next(f for f in forms(previewed.text, previewed.url) if any(k == "token" for k, _ in f.fields))
    confirmed = client.submit(confirm_form, to=second.url)
    assert confirmed.status == 302, confirmed.text[-2000:]

    # Found through both at once, with the same hit linking to the same second.
    answers = [s.search("quasicrystals") for s in servers]
    assert [status for status, _ in answers] == [200, 200]
    hits = [[(t["slug"], [(h["segment_id"], h["start_seconds"]) for h in t["hits"]]) for t in body["talks"]]
            for _, body in answers]
    assert hits[0] == hits[1] and len(hits[0]) == 1 and hits[0][0][1][0][1] == 0.0

    # A full reindex run beside the first server: both keep answering, never with an empty page.
    expected = {q: first.search(q)[1]["total_hits"] for q in ("quasicrystals", "language", "训练")}
    assert all(expected.values()), expected
    failures, searched = [], []
    reindex = subprocess.Popen([sys.executable, "manage.py", "reindex", "--no-progress"], cwd=REPO, env=first.env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def loop(server: AppServer) -> None:
        while reindex.poll() is None:
            for query, total in expected.items():
                status, body = server.search(query)
                searched.append(server.name)
                if status != 200 or body.get("total_hits") != total:
                    failures.append((server.name, query, status, body.get("total_hits"), body.get("error")))

    loops = [threading.Thread(target=loop, args=(server,)) for server in servers]
    for thread in loops:
        thread.start()
    out, err = reindex.communicate(timeout=300)
    for thread in loops:
        thread.join(timeout=120)
    assert reindex.returncode == 0, err
    assert failures == []
    assert {"first", "second"} <= set(searched)
    assert [s.search("quasicrystals")[1]["total_hits"] for s in servers] == [expected["quasicrystals"]] * 2
