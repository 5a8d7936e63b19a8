"""Real gunicorn with the project's config: slow clients do not block the site (issue 20: 64 sockets sending
their headers or body a byte at a time, against 2 workers of 8 threads), limits hold, and the worker timeout
sits above every lock wait."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.asgi_threads import MAX_BODY_MARGIN

REPO = Path(__file__).resolve().parent.parent
UPLOAD_MAX_BYTES = 200_000
SLOW_SOCKETS = 64  # half send their headers slowly, half their body: four times the threads


def gunicorn_config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO / "config" / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worker_timeout_is_well_above_every_lock_wait():
    config = gunicorn_config()
    waits = {"sqlite timeout": settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 0),
             "index write_timeout": settings.SEARCH_BACKEND_OPTIONS["write_timeout"]}
    assert config.worker_class == "config.asgi_threads.ReadFirstWorker" and config.threads >= 4
    assert {name: config.timeout >= 2 * wait for name, wait in waits.items()} == {name: True for name in waits}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on a socket this test bound to a free port, over a migrated empty archive."""
    data_dir = tmp_path_factory.mktemp("gunicorn-data")
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.test_settings",
           "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "8", "ARCHIVE_ENV_FILE": "",
           "UPLOAD_MAX_BYTES": str(UPLOAD_MAX_BYTES)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.set_inheritable(True)
    port = listener.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py", "--bind", f"fd://{listener.fileno()}",
         "--access-logfile", "/dev/null"],
        cwd=REPO, env=env, pass_fds=[listener.fileno()], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    listener.close()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/api/talks")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str, *, headers: str = "", timeout: float = 10) -> tuple[int, float]:
    """One plain HTTP/1.1 request; the status and how long the answer took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return int(received.split(b" ", 2)[1]), time.monotonic() - started


SLOW_STARTS = {
    # The request line at once, then the headers a byte at a time, never finished.
    "headers": b"GET /api/talks HTTP/1.1\r\nHost: localhost\r\n",
    # Whole headers of a form post whose body then comes a byte at a time (Django's CSRF check reads it).
    "body": b"POST /admin/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100000\r\n\r\n",
}


def send_slowly(port: int, start: bytes, stop: threading.Event, sending: threading.Semaphore) -> None:
    """A client on a bad line: `start` at once, then one byte every 0.2 s until stopped (at most 60 s)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(start)
        sock.sendall(b"X")
        sending.release()  # connected, and trickling
        for _ in range(300):
            if stop.wait(0.2):
                return
            sock.sendall(b"X")


def test_slow_clients_do_not_block_normal_requests(server):
    stop = threading.Event()
    starts = [SLOW_STARTS["headers"], SLOW_STARTS["body"]] * (SLOW_SOCKETS // 2)
    sending = threading.Semaphore(0)
    slow = [threading.Thread(target=send_slowly, args=(server, start, stop, sending), daemon=True) for start in starts]
    for thread in slow:
        thread.start()
    try:
        assert all(sending.acquire(timeout=30) for _ in slow)  # every slow socket is connected and trickling
        answers = [get(server, path) for path in ["/api/talks", "/api/search?q=anything", "/healthz"] * 4]
        still_sending = sum(thread.is_alive() for thread in slow)
    finally:
        stop.set()
    assert still_sending == SLOW_SOCKETS  # the slow clients were all there while the normal one was answered
    assert [status for status, _ in answers] == [200, 200, 200] * 4
    assert max(seconds for _, seconds in answers) < 1.0, answers


def test_an_oversized_request_line_or_header_is_refused_by_gunicorn(server):
    assert get(server, "/api/search?q=" + "x" * 9000)[0] == 414  # URI Too Long
    assert get(server, "/api/talks", headers=f"X-Big: {'x' * 9000}\r\n")[0] == 431  # Request Header Fields Too Large
    many = "".join(f"X-H{i}: 1\r\n" for i in range(150))
    assert get(server, "/api/talks", headers=many)[0] == 431


def test_a_body_past_the_upload_limit_is_refused_before_it_is_all_read(server):
    """The event loop reads bodies before a thread sees them: past UPLOAD_MAX_BYTES and a margin it stops."""
    sizes = {"within": UPLOAD_MAX_BYTES, "past": UPLOAD_MAX_BYTES + MAX_BODY_MARGIN + 1}
    statuses = {}
    for name, size in sizes.items():
        with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
            sock.sendall(b"POST /api/talks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                         b"Content-Length: %d\r\n\r\n" % size)
            try:
                sock.sendall(b"x" * size)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused before the last bytes
            statuses[name] = int(sock.recv(65536).split(b" ", 2)[1])
    assert statuses == {"within": 403, "past": 413}  # within: Django answers (CSRF), having read it all


def test_a_declared_body_past_the_upload_limit_is_refused_before_any_of_it_is_sent(server):
    """Content-Length alone decides: the answer comes while the client has sent nothing but its headers."""
    with socket.create_connection(("127.0.0.1", server), timeout=10) as sock:
        sock.sendall(b"POST /api/talks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n" % (UPLOAD_MAX_BYTES + MAX_BODY_MARGIN + 1))
        assert sock.recv(65536).split(b" ", 2)[1] == b"413"
