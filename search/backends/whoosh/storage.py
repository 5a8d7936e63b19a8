"""Index generations on disk. `current` is a symlink to one generation directory; a rebuild writes
a new generation and swaps the link with one rename, so readers see the old index or the new one,
never a half-built one."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

from search.backends.base import SearchUnavailable

from .schema import SCHEMA_VERSION, build_schema

logger = logging.getLogger(__name__)

VERSION_FILE = "SCHEMA_VERSION"
# Written into a generation a search found unreadable: check() then fails until a rebuild replaces it.
DAMAGED_FILE = "DAMAGED"
DAMAGED = "The search index is damaged; the worker rebuilds it (or run `manage.py reindex`)."
_OPEN_RETRIES = 5
# A generation younger than this may be a rebuild that has not taken its lock yet.
DEBRIS_SECONDS = 60


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.link = self.root / "current"
        self._opened: tuple[Path, index.Index] | None = None
        self._local = threading.local()

    def current_dir(self) -> Path | None:
        try:
            return self.root / os.readlink(self.link)
        except FileNotFoundError:
            return None

    def open(self) -> index.Index:
        return self.current()[1]

    def current(self, *, create: bool = False) -> tuple[Path, index.Index]:
        """The current generation's directory and index, read together (a swap may come between two
        separate reads); one Index object per generation, reused across requests. A missing index is
        made only for a writer (`create`): a reader making an empty one would hide the loss.
        search.indexing checks before writing, so a lost index is rebuilt, not started afresh."""
        directory = self.current_dir()
        if (directory is None or not directory.is_dir()) and create:
            directory = self._create_first()
        if directory is None or not directory.is_dir():
            raise SearchUnavailable("The search index is missing; the worker rebuilds it (or run `manage.py reindex`).")
        if self._opened and self._opened[0] == directory:
            return self._opened
        if self._version(directory) != SCHEMA_VERSION:
            raise SearchUnavailable("The search index was built by another version; run `manage.py reindex`.")
        for attempt in range(_OPEN_RETRIES):
            try:
                opened = FileStorage(str(directory)).open_index()
                break
            except (FileNotFoundError, EmptyIndexError):
                # Another process is committing or swapping generations; it settles within milliseconds.
                if attempt == _OPEN_RETRIES - 1:
                    raise SearchUnavailable("The search index cannot be opened.") from None
                time.sleep(0.01)
            except Exception as error:  # noqa: BLE001 - e.g. an empty table of contents: TypeError
                raise SearchUnavailable(damaged_message(error)) from error
        self._opened = (directory, opened)
        return self._opened

    def needs_rebuild(self) -> bool:
        """True when the index is missing or was built by another version."""
        directory = self.current_dir()
        return directory is None or self._version(directory) != SCHEMA_VERSION

    def check(self) -> None:
        """Raise SearchUnavailable unless the current index opens and every segment can be read:
        its table of contents, its word lists, a probe term's postings in each field and a stored
        document. (A commit replacing segments meanwhile is waited out, not reported.)"""
        directory, opened = self.current()
        if (directory / DAMAGED_FILE).exists():  # a search met unreadable data here (its error is in the file)
            raise SearchUnavailable(DAMAGED)
        for attempt in range(_OPEN_RETRIES):
            try:
                return _read_every_segment(opened)
            except (FileNotFoundError, EmptyIndexError):
                if attempt == _OPEN_RETRIES - 1:
                    raise SearchUnavailable("The search index cannot be read: a segment file is missing.") from None
                time.sleep(0.01)
            except Exception as error:  # noqa: BLE001 - whatever unreadable data raises
                raise SearchUnavailable(damaged_message(error)) from error

    def mark_damaged(self, directory: Path, error: BaseException) -> None:
        """Remember that a search could not read this generation, so check() reports it."""
        with contextlib.suppress(OSError):
            (directory / DAMAGED_FILE).write_text(f"{type(error).__name__}: {error}")

    @staticmethod
    def _version(directory: Path) -> str:
        try:
            return (directory / VERSION_FILE).read_text().strip()
        except OSError:
            return ""

    def searcher(self):
        """A searcher on the index as it is now. Opening one reads the segments' word lists and
        columns (57 ms at 100k segments), so each thread keeps its searcher until a commit or a
        rebuild makes a new generation, and then opens a fresh one. Never Searcher.refresh(): in
        whoosh-reloaded it keeps merged-away segments and returns deleted documents."""
        directory, opened = self.current()
        generation = opened.latest_generation()
        cached = getattr(self._local, "searcher", None)
        if cached and cached[0] == (directory, generation):
            return cached[1]
        for attempt in range(_OPEN_RETRIES):
            try:
                fresh = opened.searcher()
                break
            except (FileNotFoundError, EmptyIndexError):
                if attempt == _OPEN_RETRIES - 1:
                    raise SearchUnavailable("The search index cannot be opened.") from None
                time.sleep(0.01)
                generation = opened.latest_generation()
        if cached:
            cached[1].close()
        self._local.searcher = ((directory, generation), fresh)
        return fresh

    def new_generation(self) -> tuple[Path, index.Index]:
        self.root.mkdir(parents=True, exist_ok=True)
        directory = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        directory.mkdir()
        (directory / VERSION_FILE).write_text(SCHEMA_VERSION)
        return directory, FileStorage(str(directory)).create_index(build_schema())

    def swap_to(self, directory: Path) -> None:
        temporary = self.root / f".current-{uuid.uuid4().hex}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, self.link)
        self._remove_old_generations(keep={directory.name})

    def _remove_old_generations(self, keep: set[str]) -> None:
        """Keep the newest generation before the current one: a search may still be reading it."""
        generations = sorted(p for p in self.root.glob("gen-*") if p.name not in keep)
        for old in generations[:-1]:
            shutil.rmtree(old, ignore_errors=True)

    def remove_debris(self, *, older_than: float = DEBRIS_SECONDS) -> list[str]:
        """Remove generations a killed rebuild left: newer than the current one, never swapped in,
        and with no writer holding their lock (a rebuild in progress holds it)."""
        current = self.current_dir()
        removed = []
        for directory in sorted(self.root.glob("gen-*")):
            if current is not None and directory.name <= current.name:
                continue
            if time.time() - directory.stat().st_mtime < older_than or self._being_written(directory):
                continue
            shutil.rmtree(directory, ignore_errors=True)
            removed.append(directory.name)
        return removed

    def _create_first(self) -> Path | None:
        with contextlib.suppress(FileExistsError):
            directory, _ = self.new_generation()
            try:
                os.symlink(directory.name, self.link)
            except FileExistsError:
                shutil.rmtree(directory, ignore_errors=True)  # another process made the first one
        return self.current_dir()

    @staticmethod
    def _being_written(directory: Path) -> bool:
        lock = FileStorage(str(directory)).lock("MAIN_WRITELOCK")  # the lock an index writer takes
        if not lock.acquire(blocking=False):
            return True
        lock.release()
        return False


def damaged_message(error: BaseException) -> str:
    """The public words for unreadable index data; the error itself (paths, file contents) goes to the log only."""
    logger.error("the search index is damaged: %s: %s", type(error).__name__, error)
    return DAMAGED


def _read_every_segment(opened: index.Index) -> None:
    reader = opened.reader()  # reads the latest table of contents and opens every segment
    try:
        for leaf, _ in reader.leaf_readers():
            for fieldname in leaf.indexed_field_names():
                probe = next(iter(leaf.lexicon(fieldname)), None)
                if probe is not None:
                    list(leaf.postings(fieldname, probe).all_ids())  # decodes the postings' blocks
            if leaf.doc_count_all():
                leaf.stored_fields(0)
    finally:
        reader.close()
