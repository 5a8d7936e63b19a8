"""Work the worker (`manage.py db_worker`) does for the talks app: large admin uploads, imported
file by file so the jobs list can show their progress, under a lease so that a job whose worker
died is resumed by another (talks.services.jobs)."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django_tasks import task

from talks.models import StagedFile
from talks.services import ImportMetadata, confirming, jobs
from talks.services.metadata import metadata_from_json, metadata_to_json


@task(takes_context=True)
def import_upload(context, *, token: str, owner_id: int | None, choices: list[dict], talk_slug: str,
                  metadata: dict) -> dict:
    """Import a confirmed upload (talks.services.confirming.import_staged, file by file), holding the
    job's lease; run again after an interruption, it goes on from the next file not yet imported."""
    job_id = str(context.task_result.id)
    with jobs.lease(job_id=job_id):
        try:
            results = confirming.import_staged(
                token=token, owner_id=owner_id, choices=[confirming.FileChoice(**choice) for choice in choices],
                talk_slug=talk_slug, metadata=metadata_from_json(metadata), file_by_file=True,
                between_files=lambda: jobs.renew_lease(job_id=job_id),
            )
        except jobs.JobCancelled:
            jobs.drop_pending(tokens=[token])
            raise
    summary = confirming.log_upload(user_id=owner_id, results=results)
    imported = StagedFile.objects.filter(token=token).imported().select_related("talk")
    talk = results[0].talk if results else next((f.talk for f in imported if f.talk), None)
    return {"talk": talk.slug if talk else "", "files": imported.count(), "summary": summary}


def import_upload_later(*, token: str, owner_id: int | None, choices: list[confirming.FileChoice], talk_slug: str,
                        metadata: ImportMetadata) -> str:
    """Queue the import of a confirmed upload; returns the job's id."""
    with transaction.atomic():
        result = import_upload.enqueue(token=token, owner_id=owner_id, choices=[dataclasses.asdict(c) for c in choices],
                                       talk_slug=talk_slug, metadata=metadata_to_json(metadata))
        jobs.register_upload_job(job_id=str(result.id), token=token)
    return str(result.id)


@dataclasses.dataclass(frozen=True)
class UploadProgress:
    imported: int
    chosen: int


def upload_progress(job_kwargs: dict) -> UploadProgress:
    """How far an import_upload job is, from its arguments and its staged files."""
    chosen = sum(1 for choice in job_kwargs.get("choices", []) if choice.get("include"))
    imported = StagedFile.objects.filter(token=job_kwargs.get("token", ""), imported_at__isnull=False).count()
    return UploadProgress(imported=imported, chosen=chosen)
