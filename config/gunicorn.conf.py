"""gunicorn settings; each can be overridden with GUNICORN_CMD_ARGS or the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Load the app (and jieba's dictionary) once in the master, before forking workers.
preload_app = True
timeout = 30
accesslog = "-"


def post_fork(server, worker):
    """Open the search index in each new worker before it takes requests, so the first visitor
    does not wait for the word lists to load. Index files are opened after the fork, never shared."""
    from search.warmup import warm_up

    warm_up()
