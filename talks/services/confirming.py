"""Confirming a previewed upload: the chosen staged files imported into one talk, all or none."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction

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


def import_staged(
    *, token: str, owner_id: int | None, choices: list[FileChoice], talk_slug: str, metadata: ImportMetadata
) -> list[ImportResult]:
    """Import the chosen staged files into one talk in one transaction, and drop the staged copies."""
    files = staged_files(token=token, owner_id=owner_id)
    if not files:
        raise ImportRefused(GONE)
    results = []
    with transaction.atomic():
        for staged_file, choice in zip(files, choices):
            if not choice.include:
                continue
            file_metadata = dataclasses.replace(metadata, transcript=TranscriptInfo(kind=choice.kind)) if choice.kind else metadata
            try:
                results.append(import_transcript(
                    data=bytes(staged_file.content), filename=staged_file.name, talk_slug=talk_slug,
                    language=choice.language or None, format=choice.format or None,
                    recording_url=choice.recording_url or None, metadata=file_metadata,
                ))
            except TranscriptParseError as error:
                raise error.for_file(staged_file.name) from None
        discard(token=token)
    return results
