"""search_archive(): a query string and filters in, results enriched from the database out.
Views, the JSON API and the talk page's search all go through it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from config.routers import search_reads
from talks.language_names import language_name
from talks.models import Event, Segment, Speaker, Talk, Transcript
from talks.moments import moment_url
from talks.params import BadParameter, parse_year
from talks.parsing import normalise_language_tag
from talks.platforms import VideoRef, link_at

from .backends import SearchRequest
from .backends.base import SORTS, Hit
from .indexing import search_index
from .query import QueryError, parse_query

PER_PAGE = 10
MAX_PAGE = 100


@dataclass
class HitView:
    segment_id: int
    language: str
    start_seconds: float | None
    end_seconds: float | None
    estimated: bool
    text: str
    snippet_html: str
    url: str
    video_url: str | None
    speaker: str | None = None  # who said it, when the transcript knows


@dataclass
class TalkResult:
    talk: Talk
    hit_count: int
    hits: list[HitView]
    moments: list[float]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    parameter: str = ""  # the URL parameter that filters by this value
    active: bool = False  # the search is already filtered by it


@dataclass
class ArchiveResults:
    query: str
    total_hits: int
    total_talks: int
    page: int
    pages: int
    sort: str
    suggestion: str | None
    talks: list[TalkResult]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    total_exact: bool = True


@dataclass
class Filters:
    languages: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    talks: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


@search_reads()
def search_archive(*, q: str, filters: Filters | None = None, page: int = 1, sort: str = "relevance",
                   per_page: int = PER_PAGE, all_hits_in_talk: bool = False) -> ArchiveResults:
    """Raises QueryError with a message for the person who typed the query."""
    parsed = parse_query(q)
    if parsed.root is None:
        raise QueryError("Type a word or a \"phrase\" to search for.")
    if sort not in SORTS:
        raise QueryError(f"Sort by {' or '.join(SORTS)}, not '{sort}'.")
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"Pages run from 1 to {MAX_PAGE}.")
    given = filters or Filters()
    languages = [_language(v) for v in [*given.languages, *parsed.filters.get("lang", [])]]
    years = [_year(v) for v in [*given.years, *parsed.filters.get("year", [])]]
    speaker_names = [*given.speakers, *parsed.filters.get("speaker", [])]
    talk_names = [*given.talks, *parsed.filters.get("talk", [])]
    event_names = [*given.events, *parsed.filters.get("event", [])]
    speaker_ids = _speaker_ids(speaker_names)
    talk_ids = _talk_ids(talk_names)
    event_ids = _event_ids(event_names)
    if (speaker_names and not speaker_ids) or (talk_names and not talk_ids) or (event_names and not event_ids):
        return ArchiveResults(q, 0, 0, page, 0, sort, None, [])
    request = SearchRequest(
        query=parsed.root, languages=tuple(languages), speaker_ids=tuple(speaker_ids), talk_ids=tuple(talk_ids),
        years=tuple(years), event_ids=tuple(event_ids), sort=sort, page=page, per_page=per_page,
        all_hits_in_talk=all_hits_in_talk,
    )
    results = search_index(request)
    return ArchiveResults(
        query=q,
        total_hits=results.total_hits,
        total_talks=results.total_talks,
        page=page,
        pages=math.ceil(results.total_talks / per_page),
        sort=sort,
        suggestion=_suggestion(q, results.corrections),
        talks=_talk_results(results.talks, q),
        facets=_facets(results.facets, given),
        total_exact=results.total_exact,
    )


def _language(value: str) -> str:
    try:
        return normalise_language_tag(value)
    except ValueError as error:
        raise QueryError(f"lang: {error}") from None


def _year(value: str) -> int:
    try:
        return parse_year(value)
    except BadParameter as error:
        raise QueryError(f"{error} Give a year such as 2024.") from None


def _speaker_ids(values: list[str]) -> list[int]:
    return _named_like_ids(Speaker.objects, values)


def _event_ids(values: list[str]) -> list[int]:
    return _named_like_ids(Event.objects, values)


def _named_like_ids(manager, values: list[str]) -> list[int]:
    """The ids that any of the values names (the model's QuerySet.named_like)."""
    ids: set[int] = set()
    for value in values:
        ids.update(manager.named_like(value).values_list("pk", flat=True))
    return sorted(ids)


def _talk_ids(values: list[str]) -> list[int]:
    return sorted(set(Talk.objects.filter(slug__in=values).values_list("pk", flat=True)))


def _suggestion(q: str, corrections: dict[str, str]) -> str | None:
    suggestion = q
    for wrong, right in corrections.items():
        suggestion = re.sub(rf"(?<![\w-]){re.escape(wrong)}(?!\w)", right, suggestion)
    return suggestion if corrections and suggestion != q else None


def _talk_results(found, query: str) -> list[TalkResult]:
    talks = Talk.objects.for_listing().in_bulk([t.talk_id for t in found])
    transcript_ids = {hit.transcript_id for t in found for hit in t.hits}
    transcripts = Transcript.objects.select_related("recording").in_bulk(transcript_ids)
    speakers = Segment.objects.speaker_names([hit.segment_id for t in found for hit in t.hits])
    return [
        TalkResult(
            talk=talks[t.talk_id],
            hit_count=t.hit_count,
            hits=[_hit_view(hit, talks[t.talk_id], transcripts[hit.transcript_id], query, speakers.get(hit.segment_id))
                  for hit in t.hits],
            moments=t.moments,
        )
        for t in found
        if t.talk_id in talks and all(hit.transcript_id in transcripts for hit in t.hits)
    ]


def _hit_view(hit: Hit, talk: Talk, transcript: Transcript, query: str, speaker: str | None) -> HitView:
    start = None if hit.start_ms is None else hit.start_ms / 1000
    recording = transcript.recording
    video_url = None
    if recording is not None:
        ref = VideoRef(recording.platform, recording.platform_id, recording.url, recording.part)
        video_url = link_at(ref, start)
    return HitView(
        segment_id=hit.segment_id,
        language=hit.language,
        start_seconds=start,
        end_seconds=None if hit.end_ms is None else hit.end_ms / 1000,
        estimated=hit.estimated,
        text=hit.text,
        snippet_html=hit.snippet_html,
        url=moment_url(talk.slug, transcript_id=transcript.pk, language=hit.language, seconds=start,
                       segment_id=hit.segment_id, query=query),
        video_url=video_url,
        speaker=speaker,
    )


def _facets(raw: dict[str, dict[str, int]], given: Filters) -> dict[str, list[FacetValue]]:
    speakers = Speaker.objects.in_bulk([int(k) for k in raw.get("speaker", {})])
    events = Event.objects.in_bulk([int(k) for k in raw.get("event", {}) if k.isdigit()])
    speaker_values = [(speakers[int(k)].slug, speakers[int(k)].name, n) for k, n in raw.get("speaker", {}).items()
                      if int(k) in speakers]
    event_values = [(events[int(k)].slug, events[int(k)].name, n) for k, n in raw.get("event", {}).items()
                    if k.isdigit() and int(k) in events]
    language_values = [(k, language_name(k), n) for k, n in raw.get("language", {}).items()]
    year_values = sorted(((k, k, n) for k, n in raw.get("year", {}).items()), reverse=True)
    return {
        "speaker": _facet_values("speaker", speaker_values, given.speakers),
        "language": _facet_values("lang", language_values, given.languages),
        "event": _facet_values("event", event_values, given.events),
        "year": _facet_values("year", year_values, given.years),
    }


def _facet_values(parameter: str, values, chosen: list[str]) -> list[FacetValue]:
    return [FacetValue(value, label, count, parameter, value in chosen) for value, label, count in values]
