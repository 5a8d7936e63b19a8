"""Plain data the parsers produce: no Django, no I/O."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cue:
    """One stretch of speech. Times are milliseconds, or None for untimed text."""

    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    line: int | None = None
    sound: str = ""
    speaker_label: str = ""
    estimated: bool = False


@dataclass(frozen=True)
class CueOverlap:
    """A warning: the cue at `line` starts before an earlier cue ends (both are kept, in file order). A structure,
    not a sentence, so each caller words it in its own language (str() is the English of commands and logs)."""

    line: int | None
    start_ms: int
    earlier_end_ms: int

    def __str__(self) -> str:
        from .timecodes import format_ms

        return (f"line {self.line}: cue starting {format_ms(self.start_ms)} overlaps an earlier one "
                f"(which ends {format_ms(self.earlier_end_ms)}); kept in file order")


@dataclass
class ParsedTranscript:
    """One language's cues from a file; a file may hold several."""

    cues: list[Cue]
    timed: bool
    language: str | None = None
    heading: str = ""
    heading_line: int | None = None
    warnings: list[CueOverlap] = field(default_factory=list)


@dataclass
class SourceMetadata:
    """What a file says about the talk and recording it came from."""

    title: str = ""
    url: str = ""
    platform_id: str = ""
    duration_seconds: int | None = None
    summary: str = ""
    published: datetime.date | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedFile:
    format: str
    encoding: str
    transcripts: list[ParsedTranscript]
    metadata: SourceMetadata = field(default_factory=SourceMetadata)

    @property
    def cue_count(self) -> int:
        return sum(len(t.cues) for t in self.transcripts)
