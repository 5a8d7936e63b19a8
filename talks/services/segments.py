"""store_segments(): the one function that writes a transcript's segments, on import and re-parse."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from talks.models import Recording, Segment, Speaker, Transcript
from talks.parsing import Cue, ParsedTranscript, estimate_times


@dataclass(frozen=True)
class ResolvedTurn:
    """From start_ms on, the speaker is `speaker` (None: nobody known)."""

    start_ms: int
    speaker: Speaker | None


@dataclass(frozen=True)
class SpeakerPlan:
    """Who speaks each cue: a cue's own label first (matched against `by_name`, case-folded),
    then the turn it falls in (timed cues), then the speaker the same position had before."""

    by_name: Mapping[str, Speaker] = field(default_factory=dict)
    turns: Sequence[ResolvedTurn] = ()
    by_position: Mapping[int, Speaker] = field(default_factory=dict)

    def speaker_for(self, position: int, cue: Cue) -> Speaker | None:
        if cue.speaker_label:
            found = self.by_name.get(cue.speaker_label.casefold())
            if found is not None:
                return found
        if self.turns and cue.start_ms is not None:
            index = bisect.bisect_right(self._turn_starts, cue.start_ms) - 1
            return self.turns[index].speaker if index >= 0 else None
        return self.by_position.get(position)

    @functools.cached_property
    def _turn_starts(self) -> list[int]:
        return [turn.start_ms for turn in self.turns]


def store_segments(*, transcript: Transcript, section: ParsedTranscript, recording: Recording | None, speakers: SpeakerPlan) -> int:
    """Replace the transcript's segments with the section's cues (untimed ones spread over the
    recording's length when it is known). Call inside a transaction. Returns the segment count."""
    cues = section.cues
    if not section.timed and recording is not None and recording.duration_seconds:
        cues = estimate_times(cues, duration_ms=recording.duration_seconds * 1000)
    transcript.segments.all().delete()
    Segment.objects.bulk_create(
        [
            Segment(
                transcript=transcript, position=position, start_ms=cue.start_ms, end_ms=cue.end_ms,
                estimated=cue.estimated, text=cue.text, sound=cue.sound[:200],
                speaker=speakers.speaker_for(position, cue),
            )
            for position, cue in enumerate(cues)
        ],
        batch_size=1000,
    )
    return len(cues)


def turns_of(transcript: Transcript) -> list[ResolvedTurn]:
    """The speaker turns a timed transcript's segments show now: where the speaker changes."""
    turns: list[ResolvedTurn] = []
    rows = transcript.segments.filter(start_ms__isnull=False, estimated=False).select_related("speaker").order_by("position")
    for segment in rows:
        if not turns or turns[-1].speaker != segment.speaker:
            turns.append(ResolvedTurn(start_ms=segment.start_ms, speaker=segment.speaker))
    return sorted(turns, key=lambda turn: turn.start_ms)
