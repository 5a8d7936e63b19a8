"""Every public URL of the URLconf, every parameter set to odd values: nothing answers 5xx.

URLs come from the URLconf and parameter names from the code that reads them (`talks.params.Params`
calls), so a new page or parameter is fuzzed without editing this file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from talks.services.importing import import_transcript
from talks.services.metadata import load_metadata

# Odd values reach the database as query parameters, and the databases differ on some (PostgreSQL refuses
# a NUL byte in text, SQLite stores it), so the fuzz runs on both.
pytestmark = pytest.mark.both_databases

REPO = Path(__file__).resolve().parent.parent
ODD_VALUES = [
    "²", "١٢", "१२", "１２", "-1", "0", "9" * 25, "9" * 5000, "1e309", "nan", "\x00", "a\x00b", "x" * 10_000, "",
    " ", "%", "<script>", "\"'", "../../etc/passwd", "speaker:\"", "(((", "😀" * 50, "zh-Hans-x-" + "a" * 300,
]
ODDEST = ["²", "१२", "9" * 5000, "-1", "\x00", "x" * 10_000]
REPEATED = ["²", "9" * 25, "\x00", ""]
RAW_QUERIES = ["q=%ff%fe&lang=%c0%80", "%ff=1", "q=%", "&&&=", "q", "q=hello&page", "q=%ED%A0%80"]
# Parameters read by hand somewhere, or by Django itself; the rest are found in the code.
KNOWN_PARAMETERS = {"q", "lang", "speaker", "talk", "year", "event", "page", "per_page", "sort", "all_hits", "t",
                    "transcript", "with", "rec", "next", "format", "language"}
_PARAMS_CALL = re.compile(r"\.(?:integer|object_id|year|seconds|text|texts|choice|flag)\(\s*[\"'](\w+)[\"']")
SKIPPED_PREFIXES = ("admin/", "i18n/")  # staff pages; /i18n/setlang/ is POST only
PUBLIC_ADMIN = "/admin/login/"

META = b"""
[talk]
slug = "odd-talk"
title = "Odd"
date = 2024-12-13
[event]
name = "Odd Event 2024"
[[speakers]]
name = "\xc3\x96d\xc3\xb6n Speaker"
"""
SRT = "1\n00:00:01,000 --> 00:00:03,000\nHello there\n\n2\n00:00:04,000 --> 00:00:06,000\n你好世界\n".encode()
TEXT = "Hello there, an untimed line.\nAnd a second one.\n".encode()


def parameter_names() -> list[str]:
    names = set(KNOWN_PARAMETERS)
    for folder in ("talks", "search", "config"):
        for source in (REPO / folder).rglob("*.py"):
            names.update(_PARAMS_CALL.findall(source.read_text(encoding="utf-8")))
    return sorted(names)


def public_routes(resolver=None, prefix="") -> list[str]:
    """Every route of the URLconf as a string such as `talks/<slug:slug>/`, admin and i18n left out."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            routes.extend(public_routes(entry, route))
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


@pytest.fixture
def archive(db, tmp_path, django_capture_on_commit_callbacks):
    meta_path = tmp_path / "odd.meta.toml"
    meta_path.write_bytes(META)
    metadata = load_metadata(meta_path)
    with django_capture_on_commit_callbacks(execute=True):
        timed = import_transcript(data=SRT, filename="Grüße 你好.srt", language="en", metadata=metadata,
                                  recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        import_transcript(data=TEXT, filename="plain.txt", language="en", metadata=metadata)
    talk = timed.talk
    return {"talk": talk.slug, "speaker": talk.speakers.get().slug, "event": talk.event.slug,
            "transcript": timed.transcripts[0].pk}


def concrete_paths(route: str, archive: dict) -> list[str]:
    """The route with real values in its converters, then with odd ones that still match them."""
    slug = archive["speaker"] if route.startswith("speakers/") else archive["event"] if route.startswith("events/") else archive["talk"]
    real = {"slug": slug, "pk": str(archive["transcript"]), "form": "srt"}
    odd = {"slug": ["x" * 300, "-", "_"], "pk": ["0", "9" * 19], "form": ["²", "json%00", "x" * 300, "vtt"]}
    converters = re.findall(r"<(?:\w+:)?(\w+)>", route)

    def fill(values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route).lstrip("^").rstrip("$")

    paths = [fill(real)]
    for name in converters:
        paths.extend(fill({**real, name: quote(value, safe="%")}) for value in odd[name])
    return paths


def together(names: list[str]) -> list[str]:
    """Every parameter at once with each odd value, and with a few of them repeated three times."""
    found = [urlencode({name: value for name in names}) for value in ODD_VALUES]
    found += [urlencode([(name, value) for name in names for _ in range(3)]) for value in REPEATED]
    return found + RAW_QUERIES


def one_by_one(names: list[str]) -> list[str]:
    """Each parameter alone (beside a query that searches) with the oddest values."""
    return [urlencode({**({"q": "hello"} if name != "q" else {}), name: value}) for name in names for value in ODDEST]


def test_no_public_url_answers_5xx_whatever_its_parameters(client, archive):
    names = parameter_names()
    routes = public_routes()
    real_paths = {route: concrete_paths(route, archive)[0] for route in routes}
    assert {"/", "/search/", "/api/search", "/talks/", f"/talks/{archive['talk']}/", "/api/talks"} <= set(real_paths.values())
    assert {"transcript", "with", "rec", "t", "year", "page", "all_hits"} <= set(names)
    assert {p: client.get(p + "?q=hello").status_code for p in real_paths.values()} == {p: 200 for p in real_paths.values()}
    answers: list[tuple[int, str]] = []

    def get(url: str) -> int:
        answers.append((client.get(url).status_code, url))
        return answers[-1][0]

    views_seen = set()
    for route, path in real_paths.items():
        for odd_path in concrete_paths(route, archive)[1:]:
            get(odd_path)
        view = resolve(path).func
        if view in views_seen:  # `/` and `/search/` are one view
            continue
        views_seen.add(view)
        statuses = {get(f"{path}?{query}") for query in together(names)}
        if 400 in statuses:  # a view that refuses the first bad parameter: reach every other one on its own
            for query in one_by_one(names):
                get(f"{path}?{query}")
    for query in together(["next"]):
        get(f"{PUBLIC_ADMIN}?{query}")
    failures = [f"{status} {url[:300]}" for status, url in answers if status >= 500]
    assert failures == [], f"{len(failures)} of {len(answers)} requests answered 5xx:\n" + "\n".join(failures[:20])
