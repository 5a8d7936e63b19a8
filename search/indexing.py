"""Keeping the index true to the database: after every committed change, and on demand."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from talks.models import Segment, Transcript

from .backends import get_backend
from .documents import transcript_documents
from .models import TranscriptIndexState

logger = logging.getLogger(__name__)
Status = TranscriptIndexState.Status
REPAIR_BATCH = 50


@dataclass
class ReindexReport:
    transcripts: int
    segments: int
    deleted: int
    seconds: float
    rebuilt: bool = True


def index_transcripts(*, transcript_ids: Iterable[int]) -> bool:
    """Index these transcripts now. A failure is recorded, not raised: the data is already
    committed, and `reindex --stale` picks the transcript up again."""
    ids = list(transcript_ids)
    if not ids:
        return True
    _record(ids, Status.PENDING)
    as_of = timezone.now()
    try:
        get_backend().index_transcripts(transcript_documents(ids))
    except Exception as error:  # noqa: BLE001 - any failure leaves the transcript for repair
        logger.exception("indexing transcripts %s failed", ids)
        _record(ids, Status.FAILED, error=f"{type(error).__name__}: {error}")
        return False
    _record(ids, Status.INDEXED, indexed_at=as_of)
    return True


def delete_transcripts(*, transcript_ids: Iterable[int]) -> bool:
    ids = list(transcript_ids)
    if not ids:
        return True
    try:
        get_backend().delete_transcripts(ids)
    except Exception:  # noqa: BLE001 - `reindex --stale` removes what is left behind
        logger.exception("removing transcripts %s from the index failed", ids)
        return False
    return True


def on_transcripts_written(sender, *, changed=(), deleted=(), **kwargs) -> None:
    """Inside the writing transaction: only a backend that indexes in the database writes now."""
    if get_backend().indexes_in_transaction:
        _apply(changed=changed, deleted=deleted)


def on_transcripts_changed(sender, *, changed=(), deleted=(), **kwargs) -> None:
    """After commit: the other backends (an index outside the database) write now."""
    if not get_backend().indexes_in_transaction:
        _apply(changed=changed, deleted=deleted)


def _apply(*, changed, deleted) -> None:
    delete_transcripts(transcript_ids=deleted)
    index_transcripts(transcript_ids=changed)


def stale_transcripts():
    """Transcripts whose current text may not be in the index."""
    return Transcript.objects.filter(
        Q(index_state__isnull=True)
        | ~Q(index_state__status=Status.INDEXED)
        | Q(index_state__indexed_at__lt=F("updated_at"))
    )


def repair(*, progress: Callable[[int], None] | None = None) -> tuple[int, int, int]:
    """Index what is stale, remove what the database no longer has. Returns (transcripts, segments, removed)."""
    stale = list(stale_transcripts().values_list("pk", flat=True))
    segments = Segment.objects.filter(transcript_id__in=stale).count()
    for start in range(0, len(stale), REPAIR_BATCH):
        batch = stale[start : start + REPAIR_BATCH]
        index_transcripts(transcript_ids=batch)  # one index commit per batch, not per transcript
        if progress:
            progress(Segment.objects.filter(transcript_id__in=batch).count())
    orphans = get_backend().indexed_transcript_ids() - set(Transcript.objects.values_list("pk", flat=True))
    delete_transcripts(transcript_ids=orphans)
    return len(stale), segments, len(orphans)


def reindex(*, stale_only: bool = False, progress: Callable[[int], None] | None = None) -> ReindexReport:
    """Rebuild the whole index into a new directory and swap it in (searches keep answering from
    the old one meanwhile), then repair whatever changed during the rebuild. With stale_only,
    only the repair, unless the index was built by an incompatible version."""
    started = time.monotonic()
    if stale_only and not get_backend().needs_rebuild():
        transcripts, segments, removed = repair(progress=progress)
        return ReindexReport(transcripts, segments, removed, time.monotonic() - started, rebuilt=False)
    as_of = timezone.now()
    ids = list(Transcript.objects.values_list("pk", flat=True))
    get_backend().rebuild(transcript_documents(ids), progress=progress)
    _record(ids, Status.INDEXED, indexed_at=as_of)
    # A transcript written during the rebuild may have gone into the generation just replaced,
    # even if its state says indexed: index everything changed since the rebuild began again.
    changed = list(Transcript.objects.filter(updated_at__gte=as_of).values_list("pk", flat=True))
    index_transcripts(transcript_ids=changed)
    segments = Segment.objects.filter(transcript_id__in=ids).count()
    repaired, _, removed = repair()
    return ReindexReport(len(set(ids) | set(changed)) + repaired, segments, removed, time.monotonic() - started)


def _record(ids: list[int], status: str, *, indexed_at=None, error: str = "") -> None:
    existing = list(Transcript.objects.filter(pk__in=ids).values_list("pk", flat=True))
    fields = ["status", "error"] + (["indexed_at"] if indexed_at else [])
    TranscriptIndexState.objects.bulk_create(
        [TranscriptIndexState(transcript_id=pk, status=status, indexed_at=indexed_at, error=error) for pk in existing],
        update_conflicts=True,
        unique_fields=["transcript"],
        update_fields=fields,
        batch_size=500,
    )
