"""Keeping the index true to the database: after every committed change, and on demand."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from talks.models import Segment, Transcript

from .backends import SearchRequest, SearchResults, SearchUnavailable, get_backend
from .documents import transcript_documents
from .models import TranscriptIndexState
from .states import record_rebuilt, record_states, state_versions, transcripts_with_text
from .states import stale_transcripts as _stale_transcripts

logger = logging.getLogger(__name__)
Status = TranscriptIndexState.Status
REPAIR_BATCH = 50
WRITE_ATTEMPTS = 3


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
    record_states(ids, Status.PENDING)
    readiness = _prepare_index()
    if readiness is not Readiness.READY:
        return readiness is Readiness.BUILT  # a first index was just built from the database, these included
    backend = get_backend()
    try:
        for _ in range(WRITE_ATTEMPTS):
            as_of = timezone.now()
            generation = backend.index_transcripts(FreshDocuments(ids))
            # Recorded before looking at the live generation: if a rebuild swaps generations after
            # this look, it finds this state naming the generation it replaced and indexes these again.
            record_states(ids, Status.INDEXED, indexed_at=as_of, generation=generation)
            if backend.live_generation() == generation:
                return True
        raise RuntimeError("the index generation kept changing while writing")
    except Exception as error:  # noqa: BLE001 - any failure leaves the transcript for repair
        logger.exception("indexing transcripts %s failed", ids)
        record_states(ids, Status.FAILED, error=f"{type(error).__name__}: {error}")
        return False


def delete_transcripts(*, transcript_ids: Iterable[int]) -> bool:
    ids = list(transcript_ids)
    if not ids:
        return True
    readiness = _prepare_index()
    if readiness is not Readiness.READY:
        return readiness is Readiness.BUILT
    backend = get_backend()
    try:
        for _ in range(WRITE_ATTEMPTS):
            if backend.live_generation() == backend.delete_transcripts(ids):
                return True
        raise RuntimeError("the index generation kept changing while writing")
    except Exception:  # noqa: BLE001 - `reindex --stale` removes what is left behind
        logger.exception("removing transcripts %s from the index failed", ids)
        return False


class FreshDocuments:
    """These transcripts' documents, read from the database afresh each time they are iterated: a
    backend iterates them while it holds its write lock, so a write never puts back older text."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __iter__(self):
        return iter(transcript_documents(self.ids))


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
    """Transcripts whose current text may not be in the live index (a state naming another
    generation is one a rebuild replaced)."""
    return _stale_transcripts(live_generation())


def live_generation() -> str | None:
    try:
        return get_backend().live_generation()
    except Exception:  # noqa: BLE001 - a missing or broken index: nothing is in the live one
        return None


def missing_from_index() -> list[int]:
    """Transcripts with text that the live index does not hold, whatever their states say."""
    indexed = get_backend().indexed_transcript_ids()
    return sorted(set(transcripts_with_text().values_list("pk", flat=True)) - indexed)


def broken_index() -> str | None:
    """Why the index cannot be used as it is (missing, damaged, another version), or None."""
    backend = get_backend()
    try:
        if backend.needs_rebuild():
            return "the index is missing or was built by another version"
        backend.check()
    except SearchUnavailable as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 - whatever a damaged index raises means: rebuild it
        return f"{type(error).__name__}: {error}"
    return None


def repair(*, progress: Callable[[int], None] | None = None) -> tuple[int, int, int, int]:
    """Index what is stale or missing from the live index, remove what the database no longer has.
    Returns (transcripts, segments, removed, failed)."""
    stale = sorted(set(stale_transcripts().values_list("pk", flat=True)) | set(missing_from_index()))
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
    """Rebuild the whole index into a new generation and swap it in (searches keep answering from
    the old one meanwhile), then repair whatever changed during the rebuild. With stale_only,
    only the repair, unless the index is missing, damaged or built by an incompatible version."""
    started = time.monotonic()
    if stale_only:
        reason = broken_index()
        if reason is None:
            transcripts, segments, removed, failed = repair(progress=progress)
            return ReindexReport(transcripts, segments, removed, time.monotonic() - started, rebuilt=False, failed=failed)
        logger.warning("rebuilding the search index: %s", reason)
    as_of = timezone.now()
    ids = list(Transcript.objects.order_by("pk").values_list("pk", flat=True))
    versions = state_versions(ids)  # before any text is read: a write after this keeps its own state
    generation = get_backend().rebuild(transcript_documents(ids), progress=progress)
    record_rebuilt(ids, versions, indexed_at=as_of, generation=generation)
    # Writes that raced the rebuild (their text read before they committed, or written into the
    # generation just replaced) are stale now: their states name another generation or are newer.
    segments = Segment.objects.filter(transcript_id__in=ids).count()
    repaired, _, removed, failed = repair()
    return ReindexReport(len(ids) + repaired, segments, removed, time.monotonic() - started, failed=failed)
