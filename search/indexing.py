"""Keeping the index true to the database: after every committed change, and on demand."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from talks.models import Segment, Transcript

from .backends import SearchRequest, SearchResults, SearchUnavailable, get_backend
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
    failed: int = 0  # transcripts whose index write failed (left stale for the worker)


def index_transcripts(*, transcript_ids: Iterable[int]) -> bool:
    """Index these transcripts now. A failure is recorded, not raised: the data is already
    committed, and the worker (or `reindex --stale`) picks the transcript up again."""
    ids = list(transcript_ids)
    if not ids:
        return True
    _record(ids, Status.PENDING)
    readiness = _prepare_index()
    if readiness is not Readiness.READY:
        return readiness is Readiness.BUILT  # a first index was just built from the database, these included
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
    readiness = _prepare_index()
    if readiness is not Readiness.READY:
        return readiness is Readiness.BUILT
    try:
        get_backend().delete_transcripts(ids)
    except Exception:  # noqa: BLE001 - `reindex --stale` removes what is left behind
        logger.exception("removing transcripts %s from the index failed", ids)
        return False
    return True


class Readiness(enum.Enum):
    READY = "the index can be written"
    BUILT = "the index was missing and has just been built from the database"
    UNAVAILABLE = "the index is missing; the worker rebuilds it"


def _prepare_index() -> Readiness:
    """Whether the index can be written. A missing index is rebuilt from the database: here when
    nothing was ever indexed (a new archive, cheap), else by the worker (a lost index, long)."""
    try:
        get_backend().check()
        return Readiness.READY
    except SearchUnavailable as error:
        if TranscriptIndexState.objects.filter(status=Status.INDEXED).exists():
            logger.error("search index unavailable (%s); the worker rebuilds it", error)
            from .tasks import schedule_repair

            schedule_repair()
            return Readiness.UNAVAILABLE
    try:
        reindex()
    except Exception:  # noqa: BLE001 - recorded as failed below; the worker tries again
        logger.exception("building the first search index failed")
        return Readiness.UNAVAILABLE
    return Readiness.BUILT


def search_index(request: SearchRequest) -> SearchResults:
    """The backend's answer. The index of a new archive, where nothing was ever indexed, is built
    first (cheap); a lost one is left to the worker and reported (SearchUnavailable)."""
    try:
        return get_backend().search(request)
    except SearchUnavailable:
        if TranscriptIndexState.objects.filter(status=Status.INDEXED).exists() or _prepare_index() is Readiness.UNAVAILABLE:
            raise
    return get_backend().search(request)


def apply_changes(*, changed: Iterable[int] = (), deleted: Iterable[int] = ()) -> bool:
    """Write these changes to the index; False when some could not be written (they are recorded)."""
    removed = delete_transcripts(transcript_ids=deleted)
    return index_transcripts(transcript_ids=changed) and removed


def on_transcripts_written(sender, *, changed=(), deleted=(), **kwargs) -> bool:
    """Inside the writing transaction: only a backend that indexes in the database writes now.
    Returns whether the index was written (talks.services.changes reports it to the caller)."""
    if get_backend().indexes_in_transaction:
        return apply_changes(changed=changed, deleted=deleted)
    return True


def on_transcripts_changed(sender, *, changed=(), deleted=(), **kwargs) -> bool:
    """After commit: the other backends (an index outside the database) write now, waiting at most
    SEARCH_WRITE_TIMEOUT for the index lock; what could not be written goes to the worker."""
    from .tasks import schedule_index

    try:
        if get_backend().indexes_in_transaction or apply_changes(changed=changed, deleted=deleted):
            return True
        schedule_index(changed=changed, deleted=deleted)
    except Exception:  # noqa: BLE001 - the data is committed: its writer succeeded (e.g. a full disk)
        logger.exception("after commit, transcripts %s were neither indexed nor handed to the worker; "
                         "its upkeep indexes them (they are not marked indexed)", sorted({*changed, *deleted}))
    return False


def stale_transcripts():
    """Transcripts whose current text may not be in the index."""
    return Transcript.objects.filter(
        Q(index_state__isnull=True)
        | ~Q(index_state__status=Status.INDEXED)
        | Q(index_state__indexed_at__lt=F("updated_at"))
    )


def repair(*, progress: Callable[[int], None] | None = None) -> tuple[int, int, int, int]:
    """Index what is stale, remove what the database no longer has.
    Returns (transcripts, segments, removed, failed)."""
    stale = list(stale_transcripts().values_list("pk", flat=True))
    segments = Segment.objects.filter(transcript_id__in=stale).count()
    failed = 0
    for start in range(0, len(stale), REPAIR_BATCH):
        batch = stale[start : start + REPAIR_BATCH]
        if not index_transcripts(transcript_ids=batch):  # one index commit per batch, not per transcript
            failed += len(batch)
        if progress:
            progress(Segment.objects.filter(transcript_id__in=batch).count())
    if _prepare_index() is Readiness.UNAVAILABLE:
        return len(stale), segments, 0, failed or len(stale)
    orphans = get_backend().indexed_transcript_ids() - set(Transcript.objects.values_list("pk", flat=True))
    if not delete_transcripts(transcript_ids=orphans):
        failed += len(orphans)
    return len(stale), segments, len(orphans), failed


def reindex(*, stale_only: bool = False, progress: Callable[[int], None] | None = None) -> ReindexReport:
    """Rebuild the whole index into a new directory and swap it in (searches keep answering from
    the old one meanwhile), then repair whatever changed during the rebuild. With stale_only,
    only the repair, unless the index was built by an incompatible version."""
    started = time.monotonic()
    if stale_only and not get_backend().needs_rebuild():
        transcripts, segments, removed, failed = repair(progress=progress)
        return ReindexReport(transcripts, segments, removed, time.monotonic() - started, rebuilt=False, failed=failed)
    as_of = timezone.now()
    ids = list(Transcript.objects.values_list("pk", flat=True))
    get_backend().rebuild(transcript_documents(ids), progress=progress)
    _record(ids, Status.INDEXED, indexed_at=as_of)
    # A transcript written during the rebuild may have gone into the generation just replaced,
    # even if its state says indexed: index everything changed since the rebuild began again.
    changed = list(Transcript.objects.filter(updated_at__gte=as_of).values_list("pk", flat=True))
    failed = 0 if index_transcripts(transcript_ids=changed) else len(changed)
    segments = Segment.objects.filter(transcript_id__in=ids).count()
    repaired, _, removed, repair_failed = repair()
    return ReindexReport(len(set(ids) | set(changed)) + repaired, segments, removed, time.monotonic() - started,
                         failed=failed + repair_failed)


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
