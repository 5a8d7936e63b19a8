"""A small HTTP client that fills and submits HTML forms the way a browser without JavaScript does, for tests
that talk to real servers started as processes. Cookies are kept per host, not per port, as browsers keep
them: a session made through one server is sent to another on the same host, as through a load balancer."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Response:
    status: int
    url: str
    text: str
    location: str = ""


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list[tuple[str, str]] = field(default_factory=list)

    def set(self, name: str, value: str) -> None:
        self.fields = [(k, v) for k, v in self.fields if k != name] + [(name, value)]


class _FormParser(HTMLParser):
    """Every <form> with the values a browser would submit: inputs (checked boxes only), selected options,
    textareas. File inputs are left out; the caller attaches files."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(),
                                   a.get("enctype", "") == "multipart/form-data"))
        elif not self.forms or "name" not in a and tag in {"input", "select", "textarea"}:
            return
        elif tag == "input" and a.get("type", "text") not in {"file", "submit", "button", "image", "reset"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self.forms[-1].fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = {"value": value, "selected": "selected" in a, "text": []}
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = self._option["value"] if self._option["value"] is not None else "".join(self._option["text"]).strip()
            if self._select_first is None:
                self._select_first = value
            if self._option["selected"] and not self._select_chosen:
                self.forms[-1].fields.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self.forms[-1].fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def forms(html: str, base_url: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = urljoin(base_url, form.action or base_url)
    return parser.forms


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Like browsers, treat http://127.0.0.1 as a secure context: Secure cookies (the session and CSRF cookies
    of the production settings) are sent to it."""

    def return_ok_secure(self, cookie, request):
        return urlsplit(request.get_full_url()).hostname in {"127.0.0.1", "localhost"} or super().return_ok_secure(cookie, request)


class Client:
    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar(_LoopbackIsSecure())
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def get(self, url: str) -> Response:
        return self._send(urllib.request.Request(url))

    def submit(self, form: Form, *, to: str | None = None, files: dict[str, list[tuple[str, bytes]]] | None = None) -> Response:
        """Submit `form` to its action, or to the same path on another server (`to`: its base URL)."""
        action = form.action if to is None else urljoin(to, urlsplit(form.action).path)
        if form.multipart or files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, form.fields, files or {})
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        else:
            body = urlencode(form.fields).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send(urllib.request.Request(action, data=body, headers=headers, method="POST"))

    def _send(self, request: urllib.request.Request) -> Response:
        try:
            with self._opener.open(request, timeout=60) as answer:
                return Response(answer.status, answer.url, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Response(error.code, request.full_url, error.read().decode("utf-8", "replace"),
                            error.headers.get("Location", ""))


def _multipart(boundary: str, fields: list[tuple[str, str]], files: dict[str, list[tuple[str, bytes]]]) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, uploads in files.items():
        for filename, data in uploads:
            head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n")
            parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()
