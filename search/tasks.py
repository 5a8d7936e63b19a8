"""Index work the worker (`manage.py db_worker`) does: writes that could not wait in a request,
and the periodic upkeep that repairs whatever is stale, with no operator."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from talks.services.jobs import resume_interrupted
from talks.services.receiving import remove_abandoned

from .backends import get_backend
from .indexing import apply_changes, reindex, stale_transcripts
from .servers import register as register_server

logger = logging.getLogger(__name__)

MAX_DELAY_SECONDS = 30 * 60
KEEP_RESULTS = datetime.timedelta(days=1)


class IndexWriteFailed(RuntimeError):
    """The index could not be written; another attempt is queued."""


def backoff(attempt: int) -> datetime.timedelta:
    """5 s, 10 s, 20 s … up to half an hour."""
    return datetime.timedelta(seconds=min(5 * 2 ** max(attempt - 1, 0), MAX_DELAY_SECONDS))


@task()
def index_later(*, changed: list[int], deleted: list[int], attempt: int = 1) -> dict:
    """Index (or remove) transcripts whose write could not be made in the request."""
    if apply_changes(changed=changed, deleted=deleted):
        return {"changed": len(changed), "deleted": len(deleted)}
    index_later.using(run_after=timezone.now() + backoff(attempt)).enqueue(
        changed=changed, deleted=deleted, attempt=attempt + 1
    )
    errors = sorted(set(stale_transcripts().filter(pk__in=changed).values_list("index_state__error", flat=True)) - {None, ""})
    raise IndexWriteFailed(f"attempt {attempt}: {'; '.join(errors) or 'the index could not be written'}; retrying")


@task()
def upkeep(*, failures: int = 0) -> dict:
    """Remove debris, rebuild a missing index, index what is stale; then come back later (sooner
    when all is well, later and later while writes keep failing)."""
    register_server()  # a worker with a local index counts as a server of it (search.servers)
    debris = get_backend().remove_debris()
    staged = remove_abandoned()
    resumed = resume_interrupted()  # upload jobs whose worker died
    pruned, _ = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - KEEP_RESULTS).delete()
    try:
        report = reindex(stale_only=True)
    finally:
        left = stale_transcripts().count()
        failures = failures + 1 if left else 0
        schedule_upkeep(delay=backoff(failures) if failures else datetime.timedelta(seconds=settings.SEARCH_UPKEEP_SECONDS), failures=failures)
    if left:
        raise IndexWriteFailed(f"{left} transcript(s) still not indexed; retrying")
    result = {"debris": debris, "staged_files_removed": staged, "results_pruned": pruned, "rebuilt": report.rebuilt,
              "transcripts": report.transcripts, "removed": report.deleted,
              "jobs_resumed": resumed}
    if any(result.values()):  # a run with nothing to do says nothing (config.log_filters.QuietUpkeep)
        logger.info("upkeep: %s", ", ".join(f"{name}={value}" for name, value in result.items() if value))
    return result


def schedule_upkeep(*, delay: datetime.timedelta = datetime.timedelta(0), failures: int = 0) -> None:
    """Queue the next upkeep unless one is queued already."""
    if _queued_upkeep().exists():
        return
    upkeep.using(run_after=timezone.now() + delay).enqueue(failures=failures)


def _queued_upkeep():
    return DBTaskResult.objects.filter(task_path=upkeep.module_path, status=TaskResultStatus.READY)


def schedule_index(*, changed: list[int], deleted: list[int]) -> None:
    index_later.enqueue(changed=list(changed), deleted=list(deleted))


def schedule_repair() -> None:
    """Repair now (e.g. the admin's button, or a lost index found by a write)."""
    if not _queued_upkeep().filter(run_after__lte=timezone.now()).exists():
        upkeep.enqueue()
