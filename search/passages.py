"""Consecutive cues grouped into passages, the unit the index stores.

Whisper cues last two or three seconds, so a phrase often spans two of them. A passage holds a
sentence or two of consecutive cues and remembers where each cue starts in its text, so a match
anywhere in it maps back to the cue (and second) where it starts."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from talks.parsing.scripts import is_han

from .documents import SegmentDocument

MIN_CHARS = 40
MAX_CHARS = 400
MAX_GAP_MS = 10_000
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’)\]]*\s*$")


@dataclass(frozen=True)
class PassageCue:
    segment: SegmentDocument
    offset: int  # where the cue's text starts in the passage text


@dataclass(frozen=True)
class Passage:
    text: str
    cues: tuple[PassageCue, ...]
    speaker_id: int | None

    @property
    def first(self) -> SegmentDocument:
        return self.cues[0].segment

    def cue_at(self, offset: int) -> PassageCue:
        """The cue holding the character at `offset` of the passage text."""
        return self.cues[cue_index([cue.offset for cue in self.cues], offset)]


def cue_index(starts: list[int], offset: int) -> int:
    """Which cue, given where each cue starts in a passage's text, holds the character at `offset`."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def build_passages(segments: tuple[SegmentDocument, ...] | list[SegmentDocument]) -> list[Passage]:
    passages: list[Passage] = []
    pending: list[SegmentDocument] = []
    for segment in segments:
        if not segment.text.strip():
            continue  # non-speech markers: nothing to search
        if pending and _breaks_between(pending, segment):
            passages.append(_passage(pending))
            pending = []
        pending.append(segment)
        length = sum(len(s.text) + 1 for s in pending)
        if length >= MAX_CHARS or (length >= MIN_CHARS and _SENTENCE_END.search(segment.text)):
            passages.append(_passage(pending))
            pending = []
    if pending:
        passages.append(_passage(pending))
    return passages


def _breaks_between(pending: list[SegmentDocument], following: SegmentDocument) -> bool:
    last = pending[-1]
    if last.speaker_id != following.speaker_id:
        return True
    return last.end_ms is not None and following.start_ms is not None and following.start_ms - last.end_ms > MAX_GAP_MS


def _joiner(before: str, after: str) -> str:
    # Between two Chinese cues nothing is inserted, so the word segmenter sees a word the cue
    # boundary cut in two; elsewhere a space.
    return "" if before and after and is_han(before[-1]) and is_han(after[0]) else " "


def _passage(segments: list[SegmentDocument]) -> Passage:
    parts: list[str] = []
    cues: list[PassageCue] = []
    length = 0
    for segment in segments:
        text = segment.text.strip()
        if parts:
            joiner = _joiner(parts[-1], text)
            parts.append(joiner)
            length += len(joiner)
        cues.append(PassageCue(segment=segment, offset=length))
        parts.append(text)
        length += len(text)
    return Passage(text="".join(parts), cues=tuple(cues), speaker_id=segments[0].speaker_id)
