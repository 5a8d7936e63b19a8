"""A moment of a talk: the one place that builds its URL and formats its time.

Search results, the JSON API, the talk page's own cue links and the script's "copy link" all read the URL
built here, so a link names the transcript it quotes and always opens the page that contains it."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse


def moment_url(talk_slug: str, *, transcript_id: int, language: str, seconds: float | None,
               segment_id: int | None, query: str = "") -> str:
    """`/talks/<slug>/?t=<s>&lang=<tag>&transcript=<id>[&q=<query>]#seg-<id>`.

    `t` (whole seconds, left out for untimed text) starts the player; `transcript` picks the transcript
    the segment belongs to (a talk may have several in one language); `lang` keeps links readable and
    still works when a transcript is replaced; `q` marks the query's words on the page."""
    params: dict[str, str | int] = {} if seconds is None else {"t": int(seconds)}
    params["lang"] = language
    params["transcript"] = transcript_id
    if query:
        params["q"] = query
    fragment = "" if segment_id is None else f"#seg-{segment_id}"
    return f"{_talk_path(talk_slug, get_script_prefix())}?{urlencode(params)}{fragment}"


@lru_cache(maxsize=1024)
def _talk_path(talk_slug: str, script_prefix: str) -> str:
    # A talk page lists a link per cue: reverse() once per talk, not 1,600 times (the prefix is part of the key).
    return reverse("talks:talk-detail", args=[talk_slug])


def clock(seconds: float | None) -> str:
    """A time as people read it: 9:05, 1:02:03; empty when there is none."""
    if seconds is None:
        return ""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
