"""SubStation Alpha (.ass, and the older .ssa) through pysubs2: each Dialogue line is a cue.

pysubs2 reads what it can without line numbers: a Dialogue line cut short gets a 10-second end, a
negative time is kept, and a bad time raises a bare ValueError. So every Dialogue and Comment line's
fields and times are checked here first, and the times come from that check."""

from __future__ import annotations

import re

import pysubs2

from .cues import Cue, ParsedFile
from .errors import TranscriptParseError
from .subtitles import timed_file
from .timecodes import to_ms

# pysubs2 reads event fields by position, whatever the Format line says; it skips Comment lines
# and drawings ({\p1}) as not text.
_FIELDS = ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
_EVENT_KINDS = ("Dialogue:", "Comment:")
# Sections where pysubs2 reads a `Comment:` line as a setting or attachment data, not an event.
_NOT_EVENTS = ("info", "aegisub", "fonts", "graphics")
_STAMP = re.compile(r"\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?")
# SSA (v4.00) and ASS (v4.00+) differ in their style fields and the first event field, Marked or Layer.
_SSA = re.compile(r"^\s*(?:\[V4 Styles\]|ScriptType:\s*v4\.00)\s*$", re.MULTILINE | re.IGNORECASE)


def looks_like_substation(text: str) -> bool:
    first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    return first.strip().lower() == "[script info]"


def parse_substation(text: str) -> ParsedFile:
    events = _event_times(text.split("\n"))
    if not events:
        raise TranscriptParseError("has no Dialogue lines")
    variant = "ssa" if _SSA.search(text) else "ass"
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=variant)
    except (ValueError, pysubs2.Pysubs2Error) as error:
        raise TranscriptParseError(f"not valid SubStation Alpha: {error}") from None
    if len(subs.events) != len(events):
        raise TranscriptParseError(f"read {len(events)} Dialogue/Comment lines but pysubs2 found {len(subs.events)}")
    cues = [
        # plaintext drops {…} blocks, which players never show, and turns \N, \n and \h into spaces.
        Cue(
            text=" ".join(event.plaintext.split()), start_ms=start, end_ms=end, line=number,
            speaker_label=event.name.strip(),
        )
        for event, (number, start, end) in zip(subs.events, events)
        if event.is_text
    ]
    return timed_file("ass", cues)


def _event_times(lines: list[str]) -> list[tuple[int, int, int]]:
    """(line number, start_ms, end_ms) of every Dialogue and Comment line, in file order."""
    found = []
    section = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped.lower()
        elif section == "[events]" and stripped.lower().startswith("format:"):
            _check_format_line(stripped, number)
        elif stripped.startswith(_EVENT_KINDS) and not any(name in section for name in _NOT_EVENTS):
            fields = stripped.split(":", 1)[1].split(",", len(_FIELDS) - 1)
            if len(fields) < len(_FIELDS):
                raise TranscriptParseError(
                    f"has {len(fields)} of the {len(_FIELDS)} event fields ({', '.join(_FIELDS)})", line=number
                )
            found.append((number, _time(fields[1], number), _time(fields[2], number)))
    return found


def _check_format_line(line: str, number: int) -> None:
    names = [name.strip().lower() for name in line.split(":", 1)[1].split(",")]
    if len(names) != len(_FIELDS) or names[1:3] != ["start", "end"] or names[-1] != "text":
        raise TranscriptParseError(
            f"the event Format line must name {len(_FIELDS)} fields with Start and End second and third and Text last"
            " (pysubs2 reads the fields by position)",
            line=number,
        )


def _time(stamp: str, number: int) -> int:
    stamp = stamp.strip()
    if stamp.startswith("-"):
        raise TranscriptParseError("a time is negative", line=number)
    if not _STAMP.fullmatch(stamp):
        raise TranscriptParseError(f"'{stamp[:20]}' is not a time of the form H:MM:SS.cc", line=number)
    return to_ms(stamp, line=number)
