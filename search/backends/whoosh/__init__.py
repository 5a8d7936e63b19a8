"""The Whoosh backend: passages of consecutive cues, one text field per language analysis chain."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import query as wq

from search.backends.base import SearchBackend, SearchRequest, SearchResults
from search.documents import TranscriptDocument
from search.passages import build_passages
from talks.parsing.language import primary_subtag

from .analysis import field_name, language_group
from .searching import run_search
from .storage import IndexStore

__all__ = ["WhooshBackend"]


class WhooshBackend(SearchBackend):
    def __init__(self, *, path: Path | str, write_timeout: float = 30.0, rebuild_procs: int = 1, rebuild_limitmb: int = 256) -> None:
        self.store = IndexStore(Path(path))
        self.write_timeout = write_timeout
        self.rebuild_procs = rebuild_procs
        self.rebuild_limitmb = rebuild_limitmb

    def index_transcripts(self, documents: Iterable[TranscriptDocument]) -> None:
        self._write_to_current(documents=list(documents), deleted=())

    def delete_transcripts(self, transcript_ids: Iterable[int]) -> None:
        self._write_to_current(documents=(), deleted=[int(i) for i in transcript_ids])

    def _write_to_current(self, *, documents, deleted) -> None:
        # A rebuild may swap generations while this writes; write again until the generation
        # written to is still the current one, or the change would be lost with the old one.
        for _ in range(3):
            if self.store.current_dir() == self._write(documents=documents, deleted=deleted):
                return
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

    def rebuild(self, documents: Iterable[TranscriptDocument], *, progress: Callable[[int], None] | None = None) -> None:
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
        return run_search(self.store.searcher(), request)


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
