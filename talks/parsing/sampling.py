"""A bounded sample of a long subtitle file, for previews: its head and its tail, cut at cue
boundaries and parsed on their own, with the cues of the whole file counted from its timing lines.
A preview of a 700,000-cue file then parses a few thousand cues, not all of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import detect_format, parse_transcript
from .cues import Cue, ParsedFile
from .encoding import decode
from .errors import TranscriptParseError

SAMPLE_CHARS = 50_000  # from each end: about 750 cues, enough for the language (400 are read)
# Formats of one transcript whose cues each have one timing line ("-->"): their sample is exact at both ends.
SAMPLED_FORMATS = ("srt", "vtt")
_TIMING_ARROW = "-->"


@dataclass
class SampledFile:
    parsed: ParsedFile  # the head (the whole file when not sampled), with the whole file's encoding
    cue_count: int
    last_cues: list[Cue] = field(default_factory=list)  # the tail's, when sampled
    total_chars: int = 0
    sampled_chars: int = 0  # 0: the whole file was parsed


def parse_sample(data: bytes, *, filename: str, format: str | None = None, chars: int = SAMPLE_CHARS) -> SampledFile:
    """The file parsed whole when short (or not a subtitle format), else its head and tail."""
    try:
        text, encoding = decode(data)
    except TranscriptParseError as error:
        raise error.for_file(filename) from None
    chosen = format or detect_format(text[: chars * 2])
    if len(text) <= 2 * chars or chosen not in SAMPLED_FORMATS:
        parsed = parse_transcript(data, filename=filename, format=format)
        return SampledFile(parsed=parsed, cue_count=parsed.cue_count, total_chars=len(text))
    head_end = text.rfind("\n\n", 0, chars)
    head = text[: head_end if head_end > 0 else chars]
    tail_start = text.find("\n\n", len(text) - chars) + 2
    parsed = parse_transcript(head.encode("utf-8"), filename=filename, format=chosen)
    parsed.encoding = encoding
    header = "WEBVTT\n\n" if chosen == "vtt" else ""
    try:
        tail = parse_transcript((header + text[tail_start:]).encode("utf-8"), filename=filename, format=chosen)
    except TranscriptParseError as error:  # its line numbers counted from the start of the file
        line = None if error.line is None else error.line + text.count("\n", 0, tail_start) - header.count("\n")
        raise TranscriptParseError(error.reason, line=line, filename=filename) from None
    return SampledFile(parsed=parsed, cue_count=text.count(_TIMING_ARROW), last_cues=tail.transcripts[0].cues,
                       total_chars=len(text), sampled_chars=len(head) + len(text) - tail_start)
