"""Each transcript's index state: which index generation its text was written into, and when.

A transcript is indexed only when its state says so for the live generation: a write that landed in a
generation a rebuild then replaced is stale, and repaired. Every write of a state bumps its version, so a
rebuild records its own states only where no write came after its snapshot (compare-and-set): a write
racing the rebuild keeps the state it wrote, and is repaired if it went to the generation replaced."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q

from talks.models import Segment, Transcript

from .models import TranscriptIndexState

Status = TranscriptIndexState.Status
BATCH = 500


def record_states(ids: Iterable[int], status: str, *, indexed_at=None, error: str = "", generation: str | None = None) -> None:
    """Set these transcripts' states (the ones that still exist), bumping their versions."""
    existing = list(Transcript.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))
    fields = {"status": status, "error": error, "version": F("version") + 1}
    if indexed_at is not None:
        fields["indexed_at"] = indexed_at
    if generation is not None:
        fields["generation"] = generation
    for start in range(0, len(existing), BATCH):
        batch = existing[start : start + BATCH]
        TranscriptIndexState.objects.bulk_create([TranscriptIndexState(transcript_id=pk) for pk in batch],
                                                 ignore_conflicts=True)
        TranscriptIndexState.objects.filter(transcript_id__in=batch).update(**fields)


def state_versions(ids: list[int]) -> dict[int, int]:
    """Each transcript's state version now (absent: no state yet), for record_rebuilt."""
    versions = {}
    for start in range(0, len(ids), BATCH):
        versions.update(TranscriptIndexState.objects.filter(transcript_id__in=ids[start : start + BATCH])
                        .values_list("transcript_id", "version"))
    return versions


def record_rebuilt(ids: list[int], versions: dict[int, int], *, indexed_at, generation: str) -> None:
    """Mark what a rebuild indexed, except where a write changed the state since the rebuild's snapshot."""
    fields = {"status": Status.INDEXED, "error": "", "indexed_at": indexed_at, "generation": generation,
              "version": F("version") + 1}
    by_version = defaultdict(list)
    for pk in ids:
        by_version[versions.get(pk)].append(pk)
    new = by_version.pop(None, [])
    for start in range(0, len(new), BATCH):
        existing = Transcript.objects.filter(pk__in=new[start : start + BATCH]).values_list("pk", flat=True)
        TranscriptIndexState.objects.bulk_create(
            [TranscriptIndexState(transcript_id=pk, status=Status.INDEXED, indexed_at=indexed_at, generation=generation,
                                  version=1) for pk in existing], ignore_conflicts=True)
    for version, pks in by_version.items():
        for start in range(0, len(pks), BATCH):
            TranscriptIndexState.objects.filter(transcript_id__in=pks[start : start + BATCH], version=version).update(**fields)


def stale_transcripts(live_generation: str | None = None):
    """Transcripts whose current text may not be in the live index."""
    stale = (Q(index_state__isnull=True) | ~Q(index_state__status=Status.INDEXED)
             | Q(index_state__indexed_at__lt=F("updated_at")))
    if live_generation is not None:
        stale |= ~Q(index_state__generation=live_generation)
    return Transcript.objects.filter(stale)


def transcripts_with_text():
    """Transcripts that have segments: the ones an index holds documents for."""
    return Transcript.objects.filter(Exists(Segment.objects.filter(transcript=OuterRef("pk"))))

