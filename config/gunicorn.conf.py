"""gunicorn settings; each can be overridden with GUNICORN_CMD_ARGS or the environment.

An event loop reads requests, threads serve them (config/asgi_threads.py). A sync worker is held by one
client that sends its request slowly (two such sockets took a two-worker site down for 30 s); a `gthread`
thread is held the same way, so GUNICORN_THREADS slow sockets stalled a worker. Here a slow client costs a
connection of `worker_connections`, never a thread, and a thread is taken only by a request that has fully
arrived. Threads share their worker's open search index, so more threads cost little memory where more
workers would each load the index. In production a buffering proxy (nginx, see the README) sits in front
as well. tests/test_gunicorn.py holds a normal client under 64 slow sockets to 1 s."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "config.asgi_threads.ReadFirstWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Open connections per worker, slow ones included; past this a worker stops accepting until one closes.
worker_connections = int(os.environ.get("GUNICORN_CONNECTIONS", "1000"))
# Load the app (and jieba's dictionary) once in the master, before forking workers.
preload_app = True
# A worker is restarted only when it stops answering for this long. It sits well above every lock
# wait (SQLite's busy timeout, the index's write timeout: config/settings.py), so a request that waits
# for a lock ends in a clear message, never in a killed worker. tests/test_gunicorn.py checks this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Request line and headers: a GET with a long query fits (search queries are at most 500 characters,
# percent-encoding can triple them); anything larger is refused with 400 before Django sees it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"


def post_fork(server, worker):
    """Open the search index in each new worker before it takes requests, so the first visitor
    does not wait for the word lists to load. Index files are opened after the fork, never shared."""
    from search.warmup import warm_up

    warm_up()
