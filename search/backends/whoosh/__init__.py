"""The Whoosh backend: passages of consecutive cues, one text field per language analysis chain."""

from __future__ import annotations

import pickle
import shutil
import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import query as wq
from whoosh.filedb.filetables import FileFormatError

from search.backends.base import SearchBackend, SearchRequest, SearchResults, SearchUnavailable
from search.documents import TranscriptDocument
from search.passages import build_passages
from search.query import QueryError
from talks.parsing.language import primary_subtag

from .analysis import field_name, language_group
from .searching import run_search
from .storage import IndexStore, damaged_message

__all__ = ["WhooshBackend"]


class WhooshBackend(SearchBackend):
    def __init__(self, *, path: Path | str, write_timeout: float = 30.0, rebuild_procs: int = 1, rebuild_limitmb: int = 256) -> None:
        self.store = IndexStore(Path(path))
        self.write_timeout = write_timeout
        self.rebuild_procs = rebuild_procs
        self.rebuild_limitmb = rebuild_limitmb

    def index_transcripts(self, documents: Iterable[TranscriptDocument]) -> str:
        # Not read here but under the index lock (search.indexing passes documents read afresh each
        # time): of two writers of one transcript, the later one then writes the later text. A write may be
        # retried, so a one-shot iterator is read into a list first.
        if iter(documents) is documents:
            documents = list(documents)
        return self._write_to_current(documents=documents, deleted=())

    def delete_transcripts(self, transcript_ids: Iterable[int]) -> str:
        return self._write_to_current(documents=(), deleted=[int(i) for i in transcript_ids])

    def live_generation(self) -> str | None:
        directory = self.store.current_dir()
        return directory.name if directory is not None else None

    def _write_to_current(self, *, documents, deleted) -> str:
        # A rebuild may swap generations while this writes; write again until the generation
        # written to is still the current one, or the change would be lost with the old one.
        for _ in range(3):
            written = self._write(documents=documents, deleted=deleted)
            if self.store.current_dir() == written:
                return written.name
        raise RuntimeError("the index generation kept changing while writing")

    def _write(self, *, documents, deleted) -> Path:
        directory, index = self.store.current(create=True)
        # Segments stay separate files (not compound), so searchers memory-map them instead of
        # copying each one into private memory.
        with index.writer(timeout=self.write_timeout, compound=False) as writer:
            for transcript_id in deleted:
                writer.delete_by_term("transcript_id", str(transcript_id))
            for document in documents:
                writer.delete_by_term("transcript_id", str(document.transcript_id))
                for fields in passage_fields(document):
                    writer.add_document(**fields)
        return directory

    def rebuild(self, documents: Iterable[TranscriptDocument], *, progress: Callable[[int], None] | None = None) -> str:
        self.store.root.mkdir(parents=True, exist_ok=True)
        self.store.remove_debris()
        directory, index = self.store.new_generation()
        procs = self.rebuild_procs
        writer = index.writer(procs=procs, multisegment=procs > 1, limitmb=self.rebuild_limitmb, compound=False)
        try:
            for document in documents:
                for fields in passage_fields(document):
                    writer.add_document(**fields)
                if progress:
                    progress(len(document.segments))
            writer.commit(optimize=False)
        except BaseException:
            writer.cancel()
            shutil.rmtree(directory, ignore_errors=True)
            raise
        self.store.swap_to(directory)
        return directory.name

    def needs_rebuild(self) -> bool:
        return self.store.needs_rebuild()

    def check(self) -> None:
        self.store.check()

    def remove_debris(self) -> list[str]:
        return self.store.remove_debris()

    def indexed_transcript_ids(self) -> set[int]:
        searcher = self.store.searcher()
        ids = set()
        for term in searcher.lexicon("transcript_id"):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            # The word list keeps terms of deleted documents until segments merge.
            if any(True for _ in searcher.docs_for_query(wq.Term("transcript_id", value))):
                ids.add(int(value))
        return ids

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            return run_search(self.store.searcher(), request)
        except Exception as error:
            if not _unreadable_index(error):
                raise
            # Damaged data (e.g. overwritten postings) answers 503, not 500; check() reports the
            # generation from now on, so /healthz says so and the worker's upkeep rebuilds it.
            directory = self.store.current_dir()
            if directory is not None:
                self.store.mark_damaged(directory, error)
            raise SearchUnavailable(damaged_message(error)) from error


# Errors that mean the index's files could not be decoded, not a mistake in a query or in our code.
_DECODING_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, FileFormatError)
_READING_MODULES = ("whoosh.codec.", "whoosh.filedb.", "whoosh.util.numlists", "whoosh.util.varints", "whoosh.system")


def _unreadable_index(error: BaseException) -> bool:
    # A missing file may be a segment a concurrent commit merged away, not damage.
    if isinstance(error, (QueryError, SearchUnavailable, FileNotFoundError)):
        return False
    if isinstance(error, _DECODING_ERRORS):
        return True
    innermost = error.__traceback__
    while innermost is not None and innermost.tb_next is not None:
        innermost = innermost.tb_next
    module = innermost.tb_frame.f_globals.get("__name__", "") if innermost is not None else ""
    return module.startswith(_READING_MODULES)


def passage_fields(document: TranscriptDocument):
    """The Whoosh documents for one transcript: one per passage."""
    text_field = field_name(language_group(document.language))
    count = max(1, len(document.segments))
    for passage in build_passages(document.segments):
        speakers = {passage.speaker_id} if passage.speaker_id else set(document.speaker_ids)
        yield {
            "passage_id": f"{document.transcript_id}-{passage.first.position}",
            "transcript_id": str(document.transcript_id),
            "talk_id": str(document.talk_id),
            "language": document.language,
            "language_base": primary_subtag(document.language),
            "speakers": " ".join(str(s) for s in sorted(speakers)),
            "event_id": str(document.event_id or ""),
            "year": str(document.year or ""),
            "date": document.date_ordinal,
            "fraction": passage.first.position * 10_000 // count,
            "text": passage.text,
            "cues": [
                [c.segment.segment_id, c.offset, c.segment.start_ms, c.segment.end_ms, c.segment.estimated]
                for c in passage.cues
            ],
            text_field: passage.text,
        }
