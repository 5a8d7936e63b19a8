"""Scraped video pages: a header block with `Content:` (Bilibili scrapes) and the YouTube
statistics page with one long caption line and an `Info` block. Both give untimed text."""

from __future__ import annotations

import datetime
import re

from .cues import ParsedFile, ParsedTranscript, SourceMetadata
from .errors import TranscriptParseError
from .segmenting import segment_untimed

_HEADER = re.compile(r"^(?P<key>[A-Z][A-Za-z ]{0,30}):\s*(?P<value>.*)$")
BILIBILI_ID = re.compile(r"\bBV[0-9A-Za-z]{10}\b")
YOUTUBE_MARKER = "Video Statistics and Information"
_LENGTH_SECONDS = re.compile(r"\((\d+) seconds\)")


def looks_like_header_page(text: str) -> bool:
    head = text.lstrip().split("\n", 8)
    return head[0].startswith("Timestamp:") and any(line.strip() == "Content:" for line in text.split("\n"))


def looks_like_youtube_page(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n", 20)[:20]]
    return YOUTUBE_MARKER in lines


def parse_header_page(text: str) -> ParsedFile:
    lines = text.split("\n")
    fields: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    section_line: dict[str, int] = {}
    current = None
    for number, raw in enumerate(lines, start=1):
        match = _HEADER.match(raw.strip())
        key = match["key"] if match else None
        if current != "Content" and key in {"Description", "Content"} and not match["value"]:
            current = key
            sections[key] = []
            section_line[key] = number + 1
        elif current is None and match:
            fields[key] = match["value"].strip()
        elif current:
            sections[current].append(raw)
        elif raw.strip():
            raise TranscriptParseError(f"expected a 'Name: value' header, found '{raw.strip()[:60]}'", line=number)
    status = fields.get("Status", "success")
    if status.lower() != "success":
        raise TranscriptParseError(f"the page was not scraped successfully (Status: {status})", line=_line_of(lines, "Status:"))
    content = "\n".join(sections.get("Content", []))
    if not content.strip():
        raise TranscriptParseError("the 'Content:' section is empty", line=section_line.get("Content"))
    title = fields.get("Title", "")
    bv = BILIBILI_ID.search(title) or BILIBILI_ID.search(fields.get("URL", ""))
    metadata = SourceMetadata(
        title=BILIBILI_ID.sub("", title).strip() if bv else title,
        url=f"https://www.bilibili.com/video/{bv.group()}/" if bv else fields.get("URL", ""),
        platform_id=bv.group() if bv else "",
        summary="\n".join(sections.get("Description", [])).strip(),
        extra={"scraped_at": fields.get("Timestamp", ""), "scraped_url": fields.get("URL", "")},
    )
    cues = segment_untimed(content, first_line=section_line["Content"])
    return ParsedFile(format="scraped-page", encoding="", transcripts=[ParsedTranscript(cues=cues, timed=False)], metadata=metadata)


def parse_youtube_page(text: str) -> ParsedFile:
    lines = [line.strip() for line in text.split("\n")]
    try:
        captions_at = lines.index("Captions")
        info_at = lines.index("Info", captions_at)
    except ValueError:
        raise TranscriptParseError("a YouTube statistics page needs a 'Captions' line and an 'Info' block") from None
    caption_text = "\n".join(lines[captions_at + 1 : info_at])
    if not caption_text.strip():
        raise TranscriptParseError("the page has no caption text", line=captions_at + 2)
    info: dict[str, str] = {}
    for line in lines[info_at + 1 :]:
        match = _HEADER.match(line)
        if not match:
            break
        info[match["key"].lower()] = match["value"].strip()
    length = _LENGTH_SECONDS.search(info.get("length", ""))
    video_id = info.get("id", "")
    metadata = SourceMetadata(
        title=lines[0],
        url=f"https://www.youtube.com/watch?v={video_id}" if video_id else "",
        platform_id=video_id,
        duration_seconds=int(length.group(1)) if length else None,
        published=_published(info.get("published", "")),
        extra={k: v for k, v in info.items() if v and v != "undefined" and k not in {"id", "length"}},
    )
    cues = segment_untimed(caption_text, first_line=captions_at + 2)
    return ParsedFile(format="youtube-page", encoding="", transcripts=[ParsedTranscript(cues=cues, timed=False)], metadata=metadata)


def _published(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%a %b %d %Y").date()
    except ValueError:
        return None


def _line_of(lines: list[str], prefix: str) -> int | None:
    return next((i for i, line in enumerate(lines, start=1) if line.startswith(prefix)), None)
