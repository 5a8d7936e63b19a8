"""What the search backends index: plain dataclasses, built from the models here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from talks.models import Segment, Transcript


@dataclass(frozen=True)
class SegmentDocument:
    segment_id: int
    position: int
    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    estimated: bool = False
    speaker_id: int | None = None


@dataclass(frozen=True)
class TranscriptDocument:
    transcript_id: int
    talk_id: int
    language: str
    segments: tuple[SegmentDocument, ...]
    speaker_ids: tuple[int, ...] = ()
    event_id: int | None = None
    year: int | None = None
    date_ordinal: int = 0  # for sorting by date; 0 when unknown

    @property
    def segment_count(self) -> int:
        return len(self.segments)


def _queryset():
    return Transcript.objects.select_related("talk", "talk__event").prefetch_related(
        "talk__talk_speakers",
        Prefetch("segments", queryset=Segment.objects.only(
            "id", "transcript_id", "position", "text", "start_ms", "end_ms", "estimated", "speaker_id"
        ).order_by("position")),
    )


def transcript_documents(transcript_ids: Iterable[int] | None = None, *, chunk_size: int = 200) -> Iterator[TranscriptDocument]:
    """Documents for the given transcripts (all when None), read in chunks to bound memory."""
    queryset = _queryset().order_by("pk")
    if transcript_ids is not None:
        queryset = queryset.filter(pk__in=list(transcript_ids))
    for transcript in queryset.iterator(chunk_size=chunk_size):
        yield to_document(transcript)


def to_document(transcript: Transcript) -> TranscriptDocument:
    talk = transcript.talk
    when = talk.date or (talk.event.date if talk.event else None)
    return TranscriptDocument(
        transcript_id=transcript.pk,
        talk_id=talk.pk,
        language=transcript.language,
        speaker_ids=tuple(link.speaker_id for link in talk.talk_speakers.all()),
        event_id=talk.event_id,
        year=when.year if when else None,
        date_ordinal=when.toordinal() if when else 0,
        segments=tuple(
            SegmentDocument(
                segment_id=s.pk, position=s.position, text=s.text, start_ms=s.start_ms,
                end_ms=s.end_ms, estimated=s.estimated, speaker_id=s.speaker_id,
            )
            for s in transcript.segments.all()
        ),
    )
