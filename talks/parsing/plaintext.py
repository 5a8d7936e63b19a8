"""Plain text: untimed, cut into paragraphs and sentences."""

from __future__ import annotations

from .cues import ParsedFile, ParsedTranscript
from .errors import TranscriptParseError
from .segmenting import segment_untimed

_MARKUP_STARTS = ("<!doctype", "<html", "<?xml", "<head", "<body", "<tt", "<svg")


def parse_plain_text(text: str) -> ParsedFile:
    start = text.lstrip().lower()
    if start.startswith(_MARKUP_STARTS):
        raise TranscriptParseError("is an HTML or XML document, not a transcript", line=text.count("\n", 0, len(text) - len(text.lstrip())) + 1)
    cues = segment_untimed(text)
    if not cues:
        raise TranscriptParseError("has no text")
    return ParsedFile(format="text", encoding="", transcripts=[ParsedTranscript(cues=cues, timed=False)])
