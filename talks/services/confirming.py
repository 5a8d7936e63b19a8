"""Confirming a previewed upload: the chosen staged files imported into one talk, either in the
request (all or none, in one transaction) or, when large, by the worker file by file with progress."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from talks.models import StagedFile, Talk, Transcript, UploadJob
from talks.models.staging import UNFINISHED
from talks.parsing import TranscriptParseError

from .errors import ImportRefused
from .importing import ImportResult, import_transcript
from .metadata import ImportMetadata, TranscriptInfo
from .receiving import staged_files, valid_token

GONE = "The uploaded files are gone (they are kept for a day); upload them again."


@dataclass
class FileChoice:
    """What the admin chose for one staged file on the preview page."""

    include: bool = True
    language: str = ""
    format: str = ""
    kind: str = ""
    recording_url: str = ""


def runs_in_background(*, token: str, owner_id: int | None, choices: list[FileChoice]) -> bool:
    """Whether the chosen files are too large to import within a request (UPLOAD_INLINE_MAX_BYTES)."""
    chosen = [position for position, choice in enumerate(choices) if choice.include]
    size = (StagedFile.objects.filter(token=token, owner_id=owner_id, position__in=chosen)
            .aggregate(total=Sum(Length("content")))["total"])
    return (size or 0) > settings.UPLOAD_INLINE_MAX_BYTES


def import_staged(
    *, token: str, owner_id: int | None, choices: list[FileChoice], talk_slug: str, metadata: ImportMetadata,
    file_by_file: bool = False, progress: Callable[[int, int], None] | None = None,
    between_files: Callable[[], None] | None = None,
) -> list[ImportResult]:
    """Import the chosen staged files into one talk: in one transaction, or `file_by_file` (each file
    all or none with its mark as imported, as the worker does: a job that stopped resumes from its next
    file, never importing one twice). progress(done, total) follows each file; between_files() runs
    before each (the job's lease, which may cancel it). The staged rows stay, emptied, as the record of
    when and where each file went (see gone_reason)."""
    if file_by_file:
        files = list(StagedFile.objects.filter(token=token, owner_id=owner_id).order_by("position"))
        if not files or not valid_token(token):
            raise ImportRefused(GONE)
    else:
        files = staged_files(token=token, owner_id=owner_id)
        if not files:
            raise ImportRefused(gone_reason(token=token, owner_id=owner_id))
    chosen = [(f, c) for f, c in zip(files, choices) if c.include]
    results = []
    with contextlib.nullcontext() if file_by_file else transaction.atomic():
        for done, (staged_file, choice) in enumerate(chosen, start=1):
            if between_files:
                between_files()
            result = _import_pending(staged_file, choice, talk_slug=talk_slug, metadata=metadata)
            results += [result] if result else []
            if progress:
                progress(done, len(chosen))
        StagedFile.objects.filter(token=token, imported_at__isnull=True).delete()  # the files left out
    return results


def _import_pending(staged_file: StagedFile, choice: FileChoice, *, talk_slug: str,
                    metadata: ImportMetadata) -> ImportResult | None:
    """Import one staged file and mark it imported in the same transaction; None if it was already."""
    with transaction.atomic():
        pending = StagedFile.objects.select_for_update().filter(pk=staged_file.pk, imported_at__isnull=True).first()
        if pending is None:
            return None
        result = _import_one(pending, choice, talk_slug=talk_slug, metadata=metadata)
        StagedFile.objects.filter(pk=pending.pk).update(imported_at=timezone.now(), talk=result.talk, content=b"")
    return result


def gone_reason(*, token: str, owner_id: int | None) -> str:
    """Why an upload's files cannot be confirmed (again): being imported by a job, imported already
    (when, and into which talk), or expired."""
    if not valid_token(token):
        return gettext(GONE)
    if UploadJob.objects.filter(token=token, cancelled_at__isnull=True, job__status__in=UNFINISHED).exists():
        return gettext("These files are being imported in the background; the jobs list shows how far.")
    imported = list(StagedFile.objects.filter(token=token, owner_id=owner_id).imported()
                    .select_related("talk").order_by("position"))
    if not imported:
        return gettext(GONE)
    last = max(f.imported_at for f in imported)
    talk = imported[-1].talk
    message = gettext("Nothing was imported again: %(files)s had been imported at %(when)s into the talk “%(talk)s” (%(url)s).")
    return message % {
        "files": ", ".join(f.name for f in imported),
        "when": date_format(timezone.localtime(last), "DATETIME_FORMAT"),
        "talk": talk.title if talk else "—", "url": talk.get_absolute_url() if talk else "—",
    }


def _import_one(staged_file: StagedFile, choice: FileChoice, *, talk_slug: str, metadata: ImportMetadata) -> ImportResult:
    file_metadata = dataclasses.replace(metadata, transcript=TranscriptInfo(kind=choice.kind)) if choice.kind else metadata
    try:
        return import_transcript(
            data=bytes(staged_file.content), filename=staged_file.name, talk_slug=talk_slug,
            language=choice.language or None, format=choice.format or None,
            recording_url=choice.recording_url or None, metadata=file_metadata,
        )
    except TranscriptParseError as error:
        raise error.for_file(staged_file.name) from None


def log_upload(*, user_id: int | None, results: list[ImportResult]) -> str:
    """Write the admin's history (an addition per new transcript, a change on the talk) and return
    the summary it records: what each new file became."""
    created = [t for r in results if r.created for t in r.transcripts]
    summary = "; ".join(f"{t.source_file.filename} → {t.language} ({t.segments.count()} segments)" for t in created)
    if user_id is None or not results:
        return summary
    for transcript in created:
        LogEntry.objects.log_actions(user_id, Transcript.objects.filter(pk=transcript.pk), ADDITION,
                                     f"Uploaded {transcript.source_file.filename}", single_object=True)
    message = f"Transcripts uploaded: {summary}" if summary else "Upload changed nothing"
    LogEntry.objects.log_actions(user_id, Talk.objects.filter(pk=results[0].talk.pk), CHANGE, message, single_object=True)
    return summary
