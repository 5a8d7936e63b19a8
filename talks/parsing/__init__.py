"""Transcript files to cues: bytes in, a ParsedFile out, or a TranscriptParseError naming the line.

Pure Python with no Django imports, so it can be tested and reused on its own."""

from __future__ import annotations

from collections.abc import Callable

from .bracketed import looks_bracketed, parse_bracketed
from .cues import Cue, ParsedFile, ParsedTranscript, SourceMetadata
from .encoding import decode
from .errors import TranscriptParseError
from .language import (
    detect_language, is_primary_only, matches_language_range, normalise_language_tag, primary_subtag, same_language,
)
from .scraped_pages import looks_like_header_page, looks_like_youtube_page, parse_header_page, parse_youtube_page
from .plaintext import parse_plain_text
from .segmenting import estimate_times
from .substation import looks_like_substation, parse_substation
from .subtitles import looks_like_srt, looks_like_vtt, parse_srt, parse_vtt

__all__ = [
    "FORMATS", "Cue", "ParsedFile", "ParsedTranscript", "SourceMetadata", "TranscriptParseError",
    "detect_format", "detect_language", "estimate_times", "is_primary_only", "matches_language_range",
    "normalise_language_tag", "parse_transcript", "primary_subtag", "same_language",
]

# Tried in order; the first whose test passes parses the file. Plain text takes the rest.
_DETECTORS: list[tuple[str, Callable[[str], bool]]] = [
    ("vtt", looks_like_vtt),
    ("ass", looks_like_substation),
    ("scraped-page", looks_like_header_page),
    ("youtube-page", looks_like_youtube_page),
    ("bracketed", looks_bracketed),
    ("srt", looks_like_srt),
]
_PARSERS: dict[str, Callable[[str], ParsedFile]] = {
    "vtt": parse_vtt,
    "scraped-page": parse_header_page,
    "youtube-page": parse_youtube_page,
    "bracketed": parse_bracketed,
    "whisper": parse_bracketed,
    "srt": parse_srt,
    "ass": parse_substation,
    "text": parse_plain_text,
}
FORMATS = tuple(_PARSERS)


def detect_format(text: str) -> str:
    return next((name for name, test in _DETECTORS if test(text)), "text")


def parse_transcript(data: bytes, *, filename: str = "", format: str | None = None) -> ParsedFile:
    """Parse one file; `format` overrides detection. Errors carry the filename."""
    try:
        text, encoding = decode(data)
        chosen = format or detect_format(text)
        if chosen not in _PARSERS:
            raise TranscriptParseError(f"unknown format '{chosen}' (known: {', '.join(FORMATS)})")
        parsed = _PARSERS[chosen](text)
    except TranscriptParseError as error:
        raise error.for_file(filename) from None
    parsed.encoding = encoding
    return parsed
