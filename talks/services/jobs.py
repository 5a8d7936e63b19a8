"""Background upload jobs outliving their worker: a lease the running worker renews, resuming a job
whose worker died, and the admin's retry and cancel."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talks.models import StagedFile, UploadJob

BEATS_PER_LEASE = 6


class JobCancelled(Exception):
    """The admin cancelled the job; the files imported so far stay, the others are dropped."""


@dataclass(frozen=True)
class JobChange:
    """What retry_jobs() or cancel_jobs() did: the jobs changed, and those left as they were."""

    changed: int
    unchanged: int


def register_upload_job(*, job_id: str, token: str) -> UploadJob:
    """Tie a queued job to the staged files it imports, which stay until it finishes or is cancelled."""
    return UploadJob.objects.create(job_id=job_id, token=token)


def renew_lease(*, job_id: str) -> None:
    """Called by the running job between files: renews the lease; raises JobCancelled when cancelled."""
    UploadJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
    if UploadJob.objects.filter(pk=job_id, cancelled_at__isnull=False).exists():
        raise JobCancelled("cancelled in the jobs list")


@contextlib.contextmanager
def lease(*, job_id: str) -> Iterator[None]:
    """Hold the job's lease while the body runs: a thread renews it, also while one long file imports."""
    renew_lease(job_id=job_id)
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(settings.JOB_LEASE_SECONDS / BEATS_PER_LEASE):
                with contextlib.suppress(DatabaseError):  # SQLite busy with the import: the next beat renews
                    UploadJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"lease-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def resume_interrupted() -> int:
    """Queue again every running upload job whose worker stopped renewing its lease (killed, or cut off
    from the database); any worker then resumes it from its next file not yet imported."""
    with transaction.atomic():
        ids = list(UploadJob.objects.interrupted().values_list("pk", flat=True))
        resumed = DBTaskResult.objects.filter(pk__in=ids, status="RUNNING").update(status="READY", run_after=timezone.now())
        UploadJob.objects.filter(pk__in=ids).update(interruptions=F("interruptions") + 1, heartbeat_at=None)
    return resumed


def retry_jobs(*, job_ids: list[str]) -> JobChange:
    """Queue again the chosen upload jobs that failed (their files still staged) or were interrupted."""
    retryable = (UploadJob.objects.filter(pk__in=job_ids, job__status="FAILED").needing_files()
                 | UploadJob.objects.filter(pk__in=job_ids).interrupted())
    ids = list(retryable.values_list("pk", flat=True))
    changed = DBTaskResult.objects.filter(pk__in=ids).update(
        status="READY", run_after=timezone.now(), finished_at=None, exception_class_path="", traceback="")
    UploadJob.objects.filter(pk__in=ids).update(heartbeat_at=None)
    return JobChange(changed=changed, unchanged=len(job_ids) - changed)


def cancel_jobs(*, job_ids: list[str]) -> JobChange:
    """Cancel the chosen unfinished (or failed) upload jobs: files imported so far stay, the others are
    dropped. A job running on a live worker stops after its current file."""
    now = timezone.now()
    with transaction.atomic():
        jobs = UploadJob.objects.filter(pk__in=job_ids, cancelled_at__isnull=True).exclude(job__status="SUCCESSFUL")
        ids = list(jobs.values_list("pk", flat=True))
        idle = set(UploadJob.objects.filter(pk__in=ids).exclude(job__status="RUNNING").values_list("pk", flat=True))
        idle |= set(UploadJob.objects.filter(pk__in=ids).interrupted().values_list("pk", flat=True))
        UploadJob.objects.filter(pk__in=ids).update(cancelled_at=now)
        DBTaskResult.objects.filter(pk__in=idle).exclude(status="FAILED").update(
            status="FAILED", finished_at=now, exception_class_path=f"{__name__}.JobCancelled",
            traceback="talks.services.jobs.JobCancelled: cancelled in the jobs list")
        drop_pending(tokens=UploadJob.objects.filter(pk__in=idle).values("token"))
    return JobChange(changed=len(ids), unchanged=len(job_ids) - len(ids))


def drop_pending(*, tokens) -> None:
    """Remove the staged files of these uploads that were not imported."""
    StagedFile.objects.filter(token__in=tokens, imported_at__isnull=True).delete()
