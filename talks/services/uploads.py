"""Admin uploads: files (or zips of them) received within limits, staged on disk between preview
and confirmation, previewed without writing anything, then imported all together or not at all."""

from __future__ import annotations

import re
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

from talks.parsing import TranscriptParseError, detect_language, normalise_language_tag, parse_transcript, same_language
from talks.parsing.timecodes import format_ms

from .errors import ImportRefused

STAGING_HOURS = 24
_ZIP_CHUNK = 64 * 1024
_SKIPPED_MEMBERS = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$)")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class UploadLimitHandler(FileUploadHandler):
    """Counts bytes as they arrive and drops a file (or the rest of the upload) past the limits;
    Django itself never limits the size of uploaded files."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.errors: list[str] = []
        self.total = 0
        self.files = 0
        self.current_size = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        # Refusing here would make Django close the previous file's buffer (the handlers after
        # this one have not opened the new file yet), so the refusal waits for the first chunk.
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current_size = 0
        self.files += 1

    def receive_data_chunk(self, raw_data, start):
        if self.files > settings.UPLOAD_MAX_FILES:
            if start == 0:
                self.errors.append(f"{self.file_name}: more than {settings.UPLOAD_MAX_FILES} files in one upload")
            raise SkipFile()
        self.current_size += len(raw_data)
        self.total += len(raw_data)
        if self.total > settings.UPLOAD_MAX_BYTES:
            self.errors.append(f"{self.file_name}: the upload is over {settings.UPLOAD_MAX_BYTES:,} bytes in all; nothing more was read")
            raise StopUpload(connection_reset=False)
        if self.current_size > settings.TRANSCRIPT_MAX_BYTES:
            self.errors.append(f"{self.file_name}: the file is over the limit of {settings.TRANSCRIPT_MAX_BYTES:,} bytes")
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


@dataclass
class StagedFile:
    name: str
    path: Path


@dataclass
class FilePreview:
    name: str
    format: str = ""
    encoding: str = ""
    languages: list[str] = field(default_factory=list)
    segment_count: int = 0
    timed: bool = False
    first_cues: list[tuple[str, str]] = field(default_factory=list)
    last_cues: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def stage(uploaded_files) -> tuple[str, list[StagedFile], list[str]]:
    """Write the uploads (and the members of zips) to a fresh staging folder."""
    _remove_old_staging()
    token = secrets.token_urlsafe(24)
    folder = settings.UPLOAD_STAGING_DIR / token
    folder.mkdir(parents=True)
    staged, errors = [], []
    budget = [settings.UPLOAD_MAX_BYTES]
    for upload in uploaded_files:
        name = PurePosixPath(upload.name.replace("\\", "/")).name or "upload"
        if name.lower().endswith(".zip"):
            errors.extend(_expand_zip(upload, name, folder, staged, budget))
        else:
            path = folder / f"{len(staged):03d}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            staged.append(StagedFile(name=name, path=path))
        if len(staged) > settings.UPLOAD_MAX_FILES:
            errors.append(f"{name}: more than {settings.UPLOAD_MAX_FILES} files in one upload")
            break
    staged = staged[: settings.UPLOAD_MAX_FILES]
    (folder / "manifest.txt").write_text("\n".join(f.name.replace("\n", " ") for f in staged), encoding="utf-8")
    return token, staged, errors


def _expand_zip(upload, name, folder, staged, budget) -> list[str]:
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        return [f"{name}: not a readable zip file"]
    errors = []
    with archive:
        for info in archive.infolist():
            member = info.filename
            if info.is_dir() or _SKIPPED_MEMBERS.search(member):
                continue
            where = f"{name}/{member}"
            path = PurePosixPath(member)
            if member.startswith(("/", "\\")) or ".." in path.parts or "\\" in member or ":" in member:
                errors.append(f"{where}: unsafe name inside the zip; refused")
                continue
            if member.lower().endswith(".zip"):
                errors.append(f"{where}: zips inside zips are not opened")
                continue
            target = folder / f"{len(staged):03d}"
            error = _copy_capped(archive, info, target, budget)
            if error:
                target.unlink(missing_ok=True)
                errors.append(f"{where}: {error}")
                if budget[0] <= 0:
                    break
                continue
            staged.append(StagedFile(name=f"{name}/{member}", path=target))
    return errors


def _copy_capped(archive, info, target: Path, budget: list[int]) -> str:
    """Read a member in chunks, stopping at the per-file cap: the declared sizes of a zip can lie."""
    cap = settings.TRANSCRIPT_MAX_BYTES
    written = 0
    try:
        with archive.open(info) as member, target.open("wb") as out:
            while chunk := member.read(_ZIP_CHUNK):
                written += len(chunk)
                budget[0] -= len(chunk)
                if written > cap:
                    return f"expands to more than {cap:,} bytes (a zip bomb?); refused"
                if budget[0] < 0:
                    return f"the upload expands to more than {settings.UPLOAD_MAX_BYTES:,} bytes in all; refused"
                out.write(chunk)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
        return f"cannot be read from the zip ({error})"
    return ""


def staged_files(token: str) -> list[StagedFile]:
    """The files of an earlier preview, in upload order, as listed in the staging folder's manifest."""
    if not _TOKEN.match(token or ""):
        return []
    folder = settings.UPLOAD_STAGING_DIR / token
    manifest = folder / "manifest.txt"
    if not manifest.is_file():
        return []
    names = manifest.read_text(encoding="utf-8").splitlines()
    return [StagedFile(name=n, path=folder / f"{i:03d}") for i, n in enumerate(names) if (folder / f"{i:03d}").is_file()]


def discard(token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(settings.UPLOAD_STAGING_DIR / token, ignore_errors=True)


def _remove_old_staging() -> None:
    root = settings.UPLOAD_STAGING_DIR
    if root.is_dir():
        cutoff = time.time() - STAGING_HOURS * 3600
        for folder in root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def preview(staged_file: StagedFile, *, language: str = "", format: str = "", duration_seconds: int | None = None) -> FilePreview:
    """Everything the admin needs to decide, without writing anything."""
    result = FilePreview(name=staged_file.name)
    try:
        parsed = parse_transcript(staged_file.path.read_bytes(), filename=staged_file.name, format=format or None)
        chosen = normalise_language_tag(language) if language else None
    except (TranscriptParseError, ValueError) as error:
        result.error = str(error)
        return result

    result.format, result.encoding = parsed.format, parsed.encoding
    for section in parsed.transcripts:
        text = " ".join(cue.text for cue in section.cues[:400])
        detected = detect_language(text)
        tag = chosen or section.language or detected or "?"
        result.languages.append(tag)
        if chosen and detected and not same_language(detected, chosen):
            result.warnings.append(f"the text looks like {detected}, not {chosen}")
        result.warnings.extend(section.warnings)
        long_cues = [c for c in section.cues if c.start_ms is not None and c.end_ms - c.start_ms > 3_600_000]
        if long_cues:
            result.warnings.append(f"{len(long_cues)} cue(s) over an hour long (first at line {long_cues[0].line})")
        if not section.timed:
            result.warnings.append(
                "untimed: times will be estimated over the recording's length" if duration_seconds or parsed.metadata.duration_seconds
                else "untimed: no times, and no recording length to estimate them from"
            )
    if len(parsed.transcripts) > 1 and chosen:
        result.error = f"{staged_file.name}: holds {len(parsed.transcripts)} languages; leave the language empty"
    cues = [cue for section in parsed.transcripts for cue in section.cues]
    result.segment_count = len(cues)
    result.timed = all(section.timed for section in parsed.transcripts)
    show = lambda cue: ("" if cue.start_ms is None else format_ms(cue.start_ms), cue.text or f"[{cue.sound}]")  # noqa: E731
    first, last = preview_cue_ranges(len(cues))
    result.first_cues = [show(c) for c in cues[first]]
    result.last_cues = [show(c) for c in cues[last]]
    return result


PREVIEW_CUES = 3  # shown from each end of a file


def preview_cue_ranges(count: int) -> tuple[slice, slice]:
    """The first and last cues a preview shows: every cue once when they all fit (fewer than seven), never one twice."""
    if count < 2 * PREVIEW_CUES + 1:
        return slice(0, count), slice(0, 0)
    return slice(0, PREVIEW_CUES), slice(count - PREVIEW_CUES, count)


@dataclass
class FileChoice:
    """What the admin chose for one staged file on the preview page."""

    include: bool = True
    language: str = ""
    format: str = ""
    kind: str = ""
    recording_url: str = ""


def import_staged(*, token: str, choices: list[FileChoice], talk_slug: str, metadata) -> list:
    """Import the chosen staged files into one talk in one transaction: all of them or none."""
    from django.db import transaction

    from .importing import import_transcript
    from .metadata import ImportMetadata, TranscriptInfo

    files = staged_files(token)
    if not files:
        raise ImportRefused("The uploaded files are gone (they are kept for a day); upload them again.")
    results = []
    with transaction.atomic():
        for staged_file, choice in zip(files, choices):
            if not choice.include:
                continue
            file_metadata = ImportMetadata(
                **{**metadata.__dict__, "transcript": TranscriptInfo(kind=choice.kind or None)}
            ) if choice.kind else metadata
            try:
                results.append(import_transcript(
                    data=staged_file.path.read_bytes(), filename=staged_file.name, talk_slug=talk_slug,
                    language=choice.language or None, format=choice.format or None,
                    recording_url=choice.recording_url or None, metadata=file_metadata,
                ))
            except TranscriptParseError as error:
                raise error.for_file(staged_file.name) from None
    discard(token)
    return results
