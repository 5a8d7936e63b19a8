"""config/asgi_threads.py in process: the pool serves a WSGI app's response and closes it (Django sends
request_finished from close(), which closes database connections and open files)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from config.asgi_threads import ThreadPoolWsgi


class Response:
    def __init__(self, events):
        self.events = events

    def __iter__(self):
        self.events.append("iterated")
        yield b"hello "
        yield b"world"

    def close(self):
        self.events.append("closed")


def serve(app, body=b""):
    scope = {"type": "http", "method": "POST", "path": "/", "query_string": b"", "http_version": "1.1",
             "headers": [(b"content-length", str(len(body)).encode())]}
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    # In a thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as runner:
        runner.submit(asyncio.run, ThreadPoolWsgi(app, threads=2)(scope, receive, send)).result()
    return sent


def test_the_response_is_sent_then_closed():
    events = []

    def app(environ, start_response):
        events.append(environ["wsgi.input"].read())
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Response(events)

    sent = serve(app, b"posted")
    assert events == [b"posted", "iterated", "closed"]
    assert [(m["type"], m.get("status"), m.get("body")) for m in sent] == [
        ("http.response.start", 200, None), ("http.response.body", None, b"hello "),
        ("http.response.body", None, b"world"), ("http.response.body", None, None)]
