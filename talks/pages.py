"""What the talk page shows, worked out from the request's parameters: which transcript, which
recording, which moment, and the rows of the side-by-side view."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .models import Recording, Segment, Talk, Transcript
from .params import Params
from .parsing.language import matches_language_range, same_language

PLAYABLE = (Recording.Platform.YOUTUBE, Recording.Platform.BILIBILI)
PARAGRAPH_SEGMENTS = 6


@dataclass
class ParallelRow:
    primary: Segment
    others: list[Segment]


@dataclass
class TalkPage:
    talk: Talk
    transcript: Transcript | None
    transcripts: list[Transcript]
    segments: list[Segment]
    recording: Recording | None
    start_seconds: float | None
    current_segment_id: int | None
    times_match_recording: bool
    other: Transcript | None = None
    rows: list[ParallelRow] = field(default_factory=list)
    paragraphs: list[list[Segment]] = field(default_factory=list)


def _pick(transcripts: list[Transcript], wanted: int | str | None) -> Transcript | None:
    """By id, else by language: the same tag, else the same language in another script or region."""
    if isinstance(wanted, int):
        return next((t for t in transcripts if t.pk == wanted), None)
    if wanted:
        matching = [t for t in transcripts if matches_language_range(t.language, wanted)]
        matching = matching or [t for t in transcripts if same_language(t.language, wanted)]
        return sorted(matching, key=lambda t: (not t.timed, t.pk))[0] if matching else None
    return None


def build_talk_page(talk: Talk, query) -> TalkPage:
    """query: request.GET. A bad parameter is ignored: a mangled link still opens the talk."""
    params = Params(query, lenient=True)
    transcripts = sorted(talk.transcripts.all(), key=lambda t: (not t.timed, t.kind == "translation", t.language, t.pk))
    transcript = _pick(transcripts, params.object_id("transcript") or params.text("lang")) or (transcripts[0] if transcripts else None)
    segments = list(Segment.objects.filter(transcript=transcript).select_related("speaker")) if transcript else []
    recordings = list(talk.recordings.all())
    chosen = _pick_recording(recordings, params.object_id("rec"), transcript)
    start = params.seconds("t")
    page = TalkPage(
        talk=talk,
        transcript=transcript,
        transcripts=transcripts,
        segments=segments,
        recording=chosen,
        start_seconds=start,
        current_segment_id=_segment_at(segments, start),
        times_match_recording=bool(transcript and chosen and transcript.recording_id == chosen.pk),
    )
    if transcript and not any(s.start_ms is not None for s in segments):
        page.paragraphs = _paragraphs(segments)
    other = _pick([t for t in transcripts if t != transcript], params.object_id("with") or params.text("with"))
    if other and transcript and transcript.timed and other.timed:
        page.other = other
        page.rows = parallel_rows(segments, list(Segment.objects.filter(transcript=other)))
    return page


def _pick_recording(recordings: list[Recording], wanted: int | None, transcript: Transcript | None) -> Recording | None:
    if wanted is not None:
        found = next((r for r in recordings if r.pk == wanted), None)
        if found:
            return found
    if transcript and transcript.recording in recordings:
        return transcript.recording
    return next((r for r in recordings if r.platform in PLAYABLE), None)


def _segment_at(segments: list[Segment], seconds: float | None) -> int | None:
    timed = [s for s in segments if s.start_ms is not None]
    if seconds is None or not timed:
        return None
    starts = [s.start_ms for s in timed]
    index = bisect.bisect_right(starts, seconds * 1000) - 1
    return timed[max(0, index)].pk


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = []
    for segment in segments:
        if not paragraphs or len(paragraphs[-1]) >= PARAGRAPH_SEGMENTS or paragraphs[-1][-1].speaker_id != segment.speaker_id:
            paragraphs.append([])
        paragraphs[-1].append(segment)
    return paragraphs


def parallel_rows(primary: list[Segment], other: list[Segment]) -> list[ParallelRow]:
    """Each segment of the other language goes beside the primary segment it overlaps most in time."""
    rows = [ParallelRow(primary=s, others=[]) for s in primary]
    starts = [s.start_ms for s in primary]
    for segment in other:
        first = max(0, bisect.bisect_right(starts, segment.start_ms) - 1)
        best, overlap = None, None
        for row in rows[first:]:
            if row.primary.start_ms >= segment.end_ms and best is not None:
                break
            shared = min(row.primary.end_ms, segment.end_ms) - max(row.primary.start_ms, segment.start_ms)
            if overlap is None or shared > overlap:
                best, overlap = row, shared
        if best is not None:
            best.others.append(segment)
    return rows
