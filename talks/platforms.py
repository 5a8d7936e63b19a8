"""Video addresses: which platform, which id, and a link to a given second."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from .params import BadParameter, parse_int

YOUTUBE, BILIBILI, OTHER = "youtube", "bilibili", "other"

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_BILIBILI_PATH = re.compile(r"^/video/(BV[0-9A-Za-z]{10})/?$")
MAX_PARTS = 10_000
_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}


@dataclass(frozen=True)
class VideoRef:
    platform: str
    platform_id: str
    url: str
    part: int = 1


def recognise(url: str) -> VideoRef:
    """The canonical form of a video URL; ValueError when it is not an http(s) address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"'{url}' is not an http(s) address")
    host = parts.hostname.removeprefix("www.")
    query = parse_qs(parts.query)
    video_id = ""
    if host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            video_id = query.get("v", [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", parts.path)
            video_id = match.group(1) if match else ""
    elif host == "youtu.be":
        video_id = parts.path.strip("/").split("/")[0]
    if _YOUTUBE_ID.match(video_id):
        return VideoRef(YOUTUBE, video_id, f"https://www.youtube.com/watch?v={video_id}")
    match = _BILIBILI_PATH.match(parts.path) if host in {"bilibili.com", "m.bilibili.com"} else None
    if match:
        return VideoRef(BILIBILI, match.group(1), f"https://www.bilibili.com/video/{match.group(1)}/", _part(query))
    return VideoRef(OTHER, "", url.strip())


def _part(query: dict[str, list[str]]) -> int:
    """Bilibili's `p=` (a part of a multi-part video); 1 when absent or not a number."""
    try:
        return parse_int(query.get("p", ["1"])[0], name="p", minimum=1, maximum=MAX_PARTS)
    except BadParameter:
        return 1


def link_at(ref: VideoRef, seconds: float | None) -> str:
    """The video at a moment: YouTube `&t=123s`, Bilibili `?t=123` (with `p=` for parts)."""
    at = None if seconds is None else max(0, int(seconds))
    if ref.platform == YOUTUBE:
        return ref.url if at is None else f"{ref.url}&t={at}s"
    if ref.platform == BILIBILI:
        query = {"p": ref.part} if ref.part > 1 else {}
        if at is not None:
            query["t"] = at
        return f"{ref.url}?{urlencode(query)}" if query else ref.url
    return ref.url
