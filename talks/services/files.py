"""Import files from disk: several paths (or folders), each with its metadata file. Every file is
checked first (one refused file imports none); then each talk commits on its own, so a long folder
import never holds the database's write lock for more than one talk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from talks.parsing import TranscriptParseError

from .errors import ImportRefused
from .importing import ImportResult, check_transcript, import_transcript
from .metadata import ImportMetadata, load_metadata, metadata_path_for

METADATA_SUFFIX = ".meta.toml"


@dataclass(frozen=True)
class FileOptions:
    talk_slug: str | None = None
    title: str | None = None
    language: str | None = None
    recording_url: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class FileImport:
    path: Path
    metadata: ImportMetadata | None

    def talk_key(self, options: FileOptions) -> str:
        return options.talk_slug or (self.metadata and self.metadata.talk_slug) or f"file:{self.path}"


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
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Path, ImportResult]]:
    """Check every file, then import talk by talk (each talk all or nothing). `progress(done, total)`
    is called after each talk commits."""
    options = FileOptions(talk_slug=talk_slug, title=title, language=language, recording_url=recording_url, format=format)
    files = [_planned(path) for path in transcript_files(paths)]
    for file in files:
        try:
            _run(check_transcript, file, options)
        except (ImportRefused, TranscriptParseError) as error:
            raise ImportRefused(f"{error} (nothing was imported)") from None
    groups: dict[str, list[FileImport]] = {}
    for file in files:
        groups.setdefault(file.talk_key(options), []).append(file)
    results, done = [], 0
    for group in groups.values():
        try:
            with transaction.atomic():
                results.extend([(file.path, _run(import_transcript, file, options)) for file in group])
        except (ImportRefused, TranscriptParseError) as error:
            raise ImportRefused(f"{error} (nothing of this talk was saved; the {done} file(s) before it were imported)") from None
        done += len(group)
        if progress:
            progress(done, len(files))
    return results


def _planned(path: Path) -> FileImport:
    metadata_file = metadata_path_for(path)
    return FileImport(path=path, metadata=load_metadata(metadata_file) if metadata_file.is_file() else None)


def _run(function, file: FileImport, options: FileOptions):
    try:
        data = file.path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{file.path}: cannot be read: {error.strerror}") from None
    extra = {"talk_slug": options.talk_slug, "title": options.title, "recording_url": options.recording_url} \
        if function is import_transcript else {}
    try:
        return function(data=data, filename=str(file.path), language=options.language, format=options.format,
                        metadata=file.metadata, **extra)
    except TranscriptParseError as error:
        raise error.for_file(str(file.path)) from None
