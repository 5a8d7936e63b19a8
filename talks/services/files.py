"""Import files from disk: several paths (or folders) in one transaction, each with its metadata file."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from talks.parsing import TranscriptParseError

from .errors import ImportRefused
from .importing import ImportResult, import_transcript
from .metadata import load_metadata, metadata_path_for

METADATA_SUFFIX = ".meta.toml"


def transcript_files(paths: list[Path]) -> list[Path]:
    """The files named, and the transcript files inside the folders named (not metadata files)."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and not p.name.endswith(METADATA_SUFFIX)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise ImportRefused(f"{path}: no such file or folder")
    return found


def import_paths(
    *,
    paths: list[Path],
    talk_slug: str | None = None,
    title: str | None = None,
    language: str | None = None,
    recording_url: str | None = None,
    format: str | None = None,
) -> list[tuple[Path, ImportResult]]:
    """All the files or none: the first refused file rolls back the ones before it."""
    results = []
    with transaction.atomic():
        for path in transcript_files(paths):
            metadata_file = metadata_path_for(path)
            metadata = load_metadata(metadata_file) if metadata_file.is_file() else None
            try:
                data = path.read_bytes()
            except OSError as error:
                raise ImportRefused(f"{path}: cannot be read: {error.strerror}") from None
            try:
                result = import_transcript(
                    data=data,
                    filename=str(path),
                    talk_slug=talk_slug,
                    title=title,
                    language=language,
                    recording_url=recording_url,
                    format=format,
                    metadata=metadata,
                )
            except TranscriptParseError as error:
                raise error.for_file(str(path)) from None
            results.append((path, result))
    return results
