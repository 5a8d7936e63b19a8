"""A setup that cannot work is refused (issue 20, item 8): two gunicorn servers with SEARCH_BACKEND=whoosh, each
with its own data directory (so its own index), on one PostgreSQL database. An upload through one would never be
searchable through the other; once both have been seen, /healthz on each answers 503 "misconfigured" and
`manage.py check` fails naming the other server. One server alone, or the postgres backend, is fine."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.http_client import Client
from tests.test_scale_out import AppServer, free_port, server_environment, stop

pytestmark = pytest.mark.postgres_only


def start(name: str, env: dict[str, str]) -> AppServer:
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = AppServer(name, f"http://127.0.0.1:{port}", env, process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()[-3000:]
        try:
            health(server)
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise AssertionError(f"gunicorn {name} did not answer within 90 s")


def health(server: AppServer) -> tuple[int, dict]:
    answer = Client().get(f"{server.url}/healthz")
    return answer.status, json.loads(answer.text)


def test_two_servers_with_local_whoosh_indexes_on_one_database_are_refused(process_database_url, tmp_path):
    envs = {name: {**server_environment(name, process_database_url, tmp_path / name), "SEARCH_BACKEND": "whoosh"}
            for name in ("first", "second")}
    first_setup = AppServer("setup", "", envs["first"], None)
    for env, command in ((envs["first"], ["migrate", "-v", "0"]), (envs["first"], ["reindex", "--no-progress"]),
                         (envs["second"], ["reindex", "--no-progress"])):
        done = AppServer("setup", "", env, None).manage(*command)
        assert done.returncode == 0, done.stderr
    assert first_setup.manage("check").returncode == 0
    servers = []
    try:
        servers.append(start("first", envs["first"]))
        assert health(servers[0]) == (200, {"status": "ok", "database": "ok", "search": "ok", "disk": "ok"})
        assert first_setup.manage("check").returncode == 0  # one server with its own index: fine

        servers.append(start("second", envs["second"]))
        refused = (503, {"status": "unavailable", "database": "ok", "search": "misconfigured", "disk": "ok"})
        assert [health(server) for server in servers] == [refused, refused]
        for name in ("first", "second"):
            checked = AppServer(name, "", envs[name], None).manage("check")
            assert checked.returncode == 1
            assert "search.E010" in checked.stderr and "1 other server(s) with a search index of their own" in checked.stderr
            assert str(tmp_path / ("second" if name == "first" else "first") / "index") in checked.stderr
            assert "SEARCH_BACKEND=postgres" in checked.stderr
        # The same database with the index in it (SEARCH_BACKEND=postgres) is the setup that works.
        assert AppServer("pg", "", {**envs["first"], "SEARCH_BACKEND": "postgres"}, None).manage("check").returncode == 0
    finally:
        for server in servers:
            stop(server)
