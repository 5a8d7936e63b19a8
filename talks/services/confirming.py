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

from talks.models import StagedFile, Talk, Transcript
from talks.parsing import TranscriptParseError

from .errors import ImportRefused
from .importing import ImportResult, import_transcript
from .metadata import ImportMetadata, TranscriptInfo
from .receiving import discard, staged_files

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
) -> list[ImportResult]:
    """Import the chosen staged files into one talk, and drop the staged copies: in one transaction,
    or `file_by_file` (each file all or none, as the worker does; a file already imported is not
    imported twice, so a job that stopped can run again). progress(done, total) follows each file."""
    files = staged_files(token=token, owner_id=owner_id)
    if not files:
        raise ImportRefused(GONE)
    chosen = [(f, c) for f, c in zip(files, choices) if c.include]
    results = []
    with contextlib.nullcontext() if file_by_file else transaction.atomic():
        for done, (staged_file, choice) in enumerate(chosen, start=1):
            results.append(_import_one(staged_file, choice, talk_slug=talk_slug, metadata=metadata))
            if file_by_file:
                StagedFile.objects.filter(pk=staged_file.pk).update(imported_at=timezone.now())
            if progress:
                progress(done, len(chosen))
        discard(token=token)
    return results


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
