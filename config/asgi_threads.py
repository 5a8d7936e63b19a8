"""The web server's worker: gunicorn's event-driven `asgi` worker in front of Django's WSGI app, which runs
in a pool of GUNICORN_THREADS threads.

With gunicorn's `gthread` worker the thread that serves a request also reads it: a client that sends its
headers or body a byte a second holds a thread, and as many such clients as threads stall the site (issue 20:
16–20 sockets did). Here the worker's event loop reads every request, head and body, however slowly and on as
many connections as `worker_connections` allows; only a request that has fully arrived takes a thread. The
threads are the same as before: they share the worker's open search index and database connections, and a
long search holds one of them, not the loop. A body is spooled to a temporary file past 64 KiB (asgiref) and
refused with 413 past UPLOAD_MAX_BYTES and a margin for the form around the files (MAX_BODY_MARGIN), so the
disk it takes is bounded; Django's own limits then apply as before."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile

from asgiref.sync import AsyncToSync, sync_to_async
from asgiref.wsgi import WsgiToAsgiInstance
from django.conf import settings
from gunicorn.workers.gasgi import ASGIWorker

MAX_BODY_MARGIN = 1024 * 1024  # multipart headers and form fields around an upload's files
TOO_LARGE = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]


class _PooledRequest(WsgiToAsgiInstance):
    """asgiref's WSGI adapter, but the WSGI app runs in the pool: asgiref's own runs every request in one
    shared thread (thread-sensitive), so requests would be served one at a time."""

    def __init__(self, wsgi_application, run_in_pool, max_body: int) -> None:
        super().__init__(wsgi_application)
        self._run_in_pool = run_in_pool
        self._max_body = max_body

    async def __call__(self, scope, receive, send):
        """asgiref's, with a cap on the body."""
        self.scope = scope
        with SpooledTemporaryFile(max_size=65536) as body:
            size = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client left
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self._max_body:
                    await send({"type": "http.response.start", "status": 413, "headers": TOO_LARGE})
                    await send({"type": "http.response.body", "body": b"The request is too large.\n"})
                    return
                body.write(chunk)
                if not message.get("more_body"):
                    break
            body.seek(0)
            self.sync_send = AsyncToSync(send)
            await self._run_in_pool(self, body)


class ThreadPoolWsgi:
    """An ASGI application serving a WSGI one from a thread pool, once its request has been read."""

    def __init__(self, wsgi_application, threads: int) -> None:
        self.wsgi_application = wsgi_application
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="request")
        run = WsgiToAsgiInstance.__dict__["run_wsgi_app"].func  # asgiref's body, without its one-thread wrapper
        self.run_in_pool = sync_to_async(run, thread_sensitive=False, executor=self.executor)
        self.max_body = settings.UPLOAD_MAX_BYTES + MAX_BODY_MARGIN

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":  # nothing to start or stop: the app was loaded before the fork
            while True:
                if (await receive())["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            raise ValueError(f"only HTTP is served, not {scope['type']}")
        await _PooledRequest(self.wsgi_application, self.run_in_pool, self.max_body)(scope, receive, send)


class ReadFirstWorker(ASGIWorker):
    """gunicorn's asgi worker, given the Django WSGI app of `gunicorn config.wsgi` wrapped in ThreadPoolWsgi."""

    def load_wsgi(self):
        super().load_wsgi()
        self.asgi = ThreadPoolWsgi(self.asgi, self.cfg.threads)
