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
TEXT = [(b"content-type", b"text/plain; charset=utf-8")]
TOO_LARGE = [*TEXT, (b"connection", b"close")]


class _PooledRequest(WsgiToAsgiInstance):
    """asgiref's WSGI adapter (its environ and start_response), but the WSGI app runs in the pool: asgiref's own
    runs every request in one shared thread (thread-sensitive), so requests would be served one at a time; and its
    response is closed."""

    def __init__(self, wsgi_application, run_in_pool, max_body: int) -> None:
        super().__init__(wsgi_application)
        self._run_in_pool = run_in_pool
        self._max_body = max_body

    async def __call__(self, scope, receive, send):
        """asgiref's, with a cap on the body: refused on its Content-Length before any of it is read, or as soon
        as a body sent without one (chunked) passes the cap."""
        self.scope = scope
        if _declared_length(scope) > self._max_body:
            return await _too_large(send)
        with SpooledTemporaryFile(max_size=65536) as body:
            size = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client left
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self._max_body:
                    return await _too_large(send)
                body.write(chunk)
                if not message.get("more_body"):
                    break
            body.seek(0)
            self.sync_send = AsyncToSync(send)
            await self._run_in_pool(self.serve, body)

    def serve(self, body) -> None:
        """In a pool thread: run the WSGI app and send its response, then close() it as a WSGI server must
        (Django sends request_finished there, which closes database connections and open files)."""
        try:
            environ = self.build_environ(self.scope, body)
        except ValueError:  # too many duplicate headers (asgiref's limit)
            self.sync_send({"type": "http.response.start", "status": 400, "headers": TEXT})
            self.sync_send({"type": "http.response.body", "body": b"Bad Request: too many duplicate headers.\n"})
            return
        response = self.wsgi_application(environ, self.start_response)
        try:
            for chunk in response:
                self._start()
                self.sync_send({"type": "http.response.body", "body": chunk, "more_body": True})
        finally:
            if hasattr(response, "close"):
                response.close()
        self._start()
        self.sync_send({"type": "http.response.body"})

    def _start(self) -> None:
        if not self.response_started:
            self.response_started = True
            self.sync_send(self.response_start)


def _declared_length(scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.isdigit():
            return int(value)
    return 0


async def _too_large(send) -> None:
    await send({"type": "http.response.start", "status": 413, "headers": TOO_LARGE})
    await send({"type": "http.response.body", "body": b"The request is too large.\n"})


def _call(function, *args):
    return function(*args)


class ThreadPoolWsgi:
    """An ASGI application serving a WSGI one from a thread pool, once its request has been read."""

    def __init__(self, wsgi_application, threads: int) -> None:
        self.wsgi_application = wsgi_application
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="request")
        self.run_in_pool = sync_to_async(_call, thread_sensitive=False, executor=self.executor)
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
