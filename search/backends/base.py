"""The search backend interface. Backends are fed TranscriptDocuments and answer SearchRequests
with SearchResults; neither side sees a model, so another backend can sit beside Whoosh and pass
the same contract tests (tests/search/test_backend_contract.py)."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.documents import TranscriptDocument
from search.query import Node

SORTS = ("relevance", "date")


class SearchUnavailable(RuntimeError):
    """The index cannot answer now (missing, being created, or built by another version)."""


@dataclass(frozen=True)
class SearchRequest:
    query: Node
    languages: tuple[str, ...] = ()  # tags; a bare `zh` also matches zh-Hans and zh-Hant
    speaker_ids: tuple[int, ...] = ()
    talk_ids: tuple[int, ...] = ()
    years: tuple[int, ...] = ()
    event_ids: tuple[int, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    hits_per_talk: int = 3
    all_hits_in_talk: bool = False  # every hit, for searching within one talk


@dataclass
class Hit:
    segment_id: int
    transcript_id: int
    language: str
    start_ms: int | None
    end_ms: int | None
    estimated: bool
    text: str
    snippet_html: str
    score: float


@dataclass
class TalkHits:
    talk_id: int
    hit_count: int
    score: float
    hits: list[Hit]
    # Where each hit falls in its transcript, from 0 to 1, for the strip under the talk.
    moments: list[float] = field(default_factory=list)


@dataclass
class SearchResults:
    total_hits: int
    total_talks: int
    talks: list[TalkHits]
    # False when only the best passages were counted: total_hits is then an estimate, and
    # total_talks, hit counts and facets count the best passages only.
    total_exact: bool = True
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # speaker/language/event/year → count
    corrections: dict[str, str] = field(default_factory=dict)  # a word found nowhere → the closest indexed word


class SearchBackend(abc.ABC):
    # Features of the contract (tests/search/test_backend_contract.py) this backend cannot do yet,
    # each with the reason: those contract tests are skipped with it, as Wagtail's backends do.
    unsupported_features: dict[str, str] = {}
    # True for a backend that keeps its index in the archive's database and writes it inside the
    # transaction that changed the transcripts (on talks.signals.transcripts_written); the others
    # are written after commit (on transcripts_changed).
    indexes_in_transaction: bool = False

    @abc.abstractmethod
    def index_transcripts(self, documents: Iterable[TranscriptDocument]) -> str:
        """Index these transcripts, replacing whatever was indexed for them before; returns the
        generation written into (search.indexing compares it with live_generation afterwards)."""

    @abc.abstractmethod
    def delete_transcripts(self, transcript_ids: Iterable[int]) -> str:
        """Remove these transcripts from the index (unknown ids are ignored); returns the generation."""

    @abc.abstractmethod
    def rebuild(self, documents: Iterable[TranscriptDocument], *, progress: Callable[[int], None] | None = None) -> str:
        """Build a new index from scratch and swap it in at once (searches keep answering meanwhile);
        returns the new generation. Missing parts of the index (tables, configurations) are recreated."""

    @abc.abstractmethod
    def live_generation(self) -> str | None:
        """The generation searches read now (None: no index). A rebuild replaces it; what was
        written into another generation is not in the live index."""

    @abc.abstractmethod
    def indexed_transcript_ids(self) -> set[int]:
        """Every transcript id the index holds documents for."""

    def needs_rebuild(self) -> bool:
        """True when the index is missing or was built by an incompatible version: only a rebuild helps."""
        return False

    def check(self) -> None:
        """Raise SearchUnavailable when the index is missing, damaged, unreadable or of another
        version: /healthz reports it and the worker's upkeep rebuilds the index."""

    def remove_debris(self) -> list[str]:
        """Remove what an interrupted rebuild left behind; returns what was removed."""
        return []

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchResults:
        """Answer a request; a term that cannot be searched raises search.query.QueryError."""
