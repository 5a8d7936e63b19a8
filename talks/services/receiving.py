"""Receiving admin uploads: files (or zips of them) read within limits and staged in the database
until the preview is confirmed (any app server can confirm it) or abandoned (removed after a day)."""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from talks.models import StagedFile, UploadJob
from talks.models.staging import STAGING_HOURS, staging_cutoff

__all__ = ["STAGING_HOURS", "discard", "remove_abandoned", "stage", "staged_files"]
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
class StagedUpload:
    token: str
    files: list[StagedFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Receiving:
    upload: StagedUpload
    owner_id: int | None
    budget: int

    def add(self, name: str, content: bytes) -> None:
        self.upload.files.append(StagedFile.objects.create(
            token=self.upload.token, position=len(self.upload.files), name=name[:500], content=content, owner_id=self.owner_id,
        ))


def stage(*, uploaded_files, owner_id: int | None) -> StagedUpload:
    """Store the uploads (and the members of zips) under a fresh token."""
    remove_abandoned()
    receiving = _Receiving(StagedUpload(token=secrets.token_urlsafe(24)), owner_id, settings.UPLOAD_MAX_BYTES)
    for upload in uploaded_files:
        name = PurePosixPath(upload.name.replace("\\", "/")).name or "upload"
        if name.lower().endswith(".zip"):
            _expand_zip(upload, name, receiving)
        elif len(receiving.upload.files) < settings.UPLOAD_MAX_FILES:
            receiving.add(name, b"".join(upload.chunks()))
        if len(receiving.upload.files) >= settings.UPLOAD_MAX_FILES and upload is not uploaded_files[-1]:
            receiving.upload.errors.append(f"{name}: more than {settings.UPLOAD_MAX_FILES} files in one upload")
            break
    return receiving.upload


def _expand_zip(upload, name: str, receiving: _Receiving) -> None:
    errors = receiving.upload.errors
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        errors.append(f"{name}: not a readable zip file")
        return
    with archive:
        for info in archive.infolist():
            member = info.filename
            if info.is_dir() or _SKIPPED_MEMBERS.search(member):
                continue
            where = f"{name}/{member}"
            if _unsafe(member):
                errors.append(f"{where}: unsafe name inside the zip; refused")
            elif member.lower().endswith(".zip"):
                errors.append(f"{where}: zips inside zips are not opened")
            elif len(receiving.upload.files) >= settings.UPLOAD_MAX_FILES:
                errors.append(f"{where}: more than {settings.UPLOAD_MAX_FILES} files in one upload")
                return
            else:
                content, error = _read_capped(archive, info, receiving)
                if error:
                    errors.append(f"{where}: {error}")
                    if receiving.budget <= 0:
                        return
                else:
                    receiving.add(where, content)


def _unsafe(member: str) -> bool:
    return member.startswith(("/", "\\")) or ".." in PurePosixPath(member).parts or "\\" in member or ":" in member


def _read_capped(archive, info, receiving: _Receiving) -> tuple[bytes, str]:
    """Read a member in chunks, stopping at the per-file cap: the declared sizes of a zip can lie."""
    cap = settings.TRANSCRIPT_MAX_BYTES
    out = io.BytesIO()
    try:
        with archive.open(info) as member:
            while chunk := member.read(_ZIP_CHUNK):
                receiving.budget -= len(chunk)
                if out.tell() + len(chunk) > cap:
                    return b"", f"expands to more than {cap:,} bytes (a zip bomb?); refused"
                if receiving.budget < 0:
                    return b"", f"the upload expands to more than {settings.UPLOAD_MAX_BYTES:,} bytes in all; refused"
                out.write(chunk)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
        return b"", f"cannot be read from the zip ({error})"
    return out.getvalue(), ""


def staged_files(*, token: str, owner_id: int | None) -> list[StagedFile]:
    """The files of an earlier preview by the same user, in upload order, while they await confirmation:
    none once confirmed (imported, or handed to a job) or expired."""
    if not valid_token(token):
        return []
    files = StagedFile.objects.filter(token=token, owner_id=owner_id)
    if files.imported().exists() or UploadJob.objects.filter(token=token).exists():
        return []
    return list(files.filter(created_at__gte=staging_cutoff()).order_by("position"))


def valid_token(token: str) -> bool:
    return bool(_TOKEN.match(token or ""))


def discard(*, token: str) -> None:
    StagedFile.objects.filter(token=token).delete()


def remove_abandoned() -> int:
    """Remove uploads previewed more than STAGING_HOURS ago, unless a job still needs them."""
    deleted, _ = StagedFile.objects.abandoned().delete()
    return deleted
