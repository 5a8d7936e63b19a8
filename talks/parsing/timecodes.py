"""Timestamps such as 01:02:03.456, 02:03,4, 0:0:1.000 or 75:30.000 to milliseconds."""

from __future__ import annotations

import re

from .cues import CueOverlap
from .errors import TranscriptParseError

TIMESTAMP = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# Seconds may have one digit (`0:0:1,000`): each format's own pattern decides what it accepts.
_PARTS = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?$")


def to_ms(stamp: str, *, line: int | None = None) -> int:
    match = _PARTS.match(stamp.strip())
    if not match:
        raise TranscriptParseError(f"'{stamp}' is not a timestamp", line=line)
    hours = int(match["h"] or 0)
    minutes, seconds = int(match["m"]), int(match["s"])
    if seconds >= 60 or (match["h"] is not None and minutes >= 60):
        raise TranscriptParseError(f"timestamp '{stamp}' is out of range", line=line)
    fraction = (match["f"] or "0").ljust(3, "0")
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction)


def format_ms(ms: int) -> str:
    """01:02:03.456, the form used in warnings and previews."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def check_order(cues, warnings: list[CueOverlap]) -> None:
    """Refuse a cue that ends before it starts; note overlaps, which are kept in file order."""
    latest_end = None
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            raise TranscriptParseError(
                f"cue ends ({format_ms(cue.end_ms)}) before it starts ({format_ms(cue.start_ms)})", line=cue.line
            )
        if latest_end is not None and cue.start_ms < latest_end:
            warnings.append(CueOverlap(line=cue.line, start_ms=cue.start_ms, earlier_end_ms=latest_end))
        latest_end = cue.end_ms if latest_end is None else max(latest_end, cue.end_ms)
