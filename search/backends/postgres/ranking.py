"""One search on PostgreSQL, designed for the common word as well as the rare one.

The first MAX_SCORED + 1 matching passages are read, unordered (the GIN index stops there). When
that is all of them, everything is exact: passages are scored, grouped by talk and counted, as on
the Whoosh backend. When there are more, talks are ranked from the per-transcript word counts
(search_pg_term) instead of scoring every match, and only the talks shown are read passage by
passage, for their exact hit counts, moments and best passages; totals and facets are estimates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from search.backends.base import SearchRequest, SearchResults, TalkHits

from .compiling import CompiledQuery, Need
from .matching import BestPassage, Match, build_hits, filter_condition, matches, talk_summaries
from .writing import Tables

MAX_SCORED = 1000
MAX_MOMENTS = 200
FACETS = ("speaker", "language", "event", "year")


@dataclass
class Candidate:
    """A transcript that holds the query's words, with an estimate of its matching passages."""

    talk_id: int
    estimate: int
    language: str
    speakers: list[int]
    event_id: int | None
    year: int | None
    date_ordinal: int


@dataclass
class TalkMatches:
    talk_id: int
    matches: list[Match | BestPassage] = field(default_factory=list)  # best first: all of them, or the best few
    date_ordinal: int = 0
    estimate: float = 0.0
    hit_count: int = 0
    fractions: list[int] = field(default_factory=list)  # where the best MAX_MOMENTS matches are

    @property
    def best(self) -> float:
        return self.matches[0].score if self.matches else self.estimate

    def with_order_of(self, ranked: TalkMatches) -> TalkMatches:
        """These matches, with the date and estimate the talk was ranked by."""
        self.date_ordinal, self.estimate = ranked.date_ordinal, ranked.estimate
        return self


def run_search(cursor, compiled: CompiledQuery, request: SearchRequest, tables: Tables) -> SearchResults:
    if _counted_exactly(compiled, request):
        # One word: its passage counts are exact, so a common word skips reading MAX_SCORED matches.
        candidates = _candidates(cursor, compiled, request, tables)
        if sum(c.estimate for c in candidates) > MAX_SCORED:
            return _estimated(cursor, compiled, request, tables, candidates)
    found = matches(cursor, compiled, request, tables, limit=MAX_SCORED + 1)
    if len(found) <= MAX_SCORED:
        return _exact(cursor, compiled, request, tables, found)
    return _estimated(cursor, compiled, request, tables, _candidates(cursor, compiled, request, tables))


def _exact(cursor, compiled, request, tables, found: list[Match]) -> SearchResults:
    talks = _group(found)
    facets = {name: Counter() for name in FACETS}
    for match in found:
        _count(facets, match, 1)
    ordered = _order(list(talks.values()), request.sort)
    start = (request.page - 1) * request.per_page
    return SearchResults(
        total_hits=len(found), total_talks=len(talks), total_exact=True,
        talks=_talk_hits(cursor, compiled, request, tables, ordered[start : start + request.per_page]),
        facets={name: dict(counter.most_common()) for name, counter in facets.items()},
    )


def _estimated(cursor, compiled, request, tables, candidates: list[Candidate]) -> SearchResults:
    by_talk: dict[int, TalkMatches] = {}
    facets = {name: Counter() for name in FACETS}
    for candidate in candidates:
        talk = by_talk.setdefault(candidate.talk_id, TalkMatches(candidate.talk_id, date_ordinal=candidate.date_ordinal))
        talk.estimate += candidate.estimate
        talk.date_ordinal = max(talk.date_ordinal, candidate.date_ordinal)
        _count(facets, candidate, candidate.estimate)
    ordered = _order(list(by_talk.values()), request.sort)
    start = (request.page - 1) * request.per_page
    shown = _confirmed(cursor, compiled, request, tables, ordered, start + request.per_page)[start:]
    return SearchResults(
        total_hits=max(MAX_SCORED + 1, int(sum(t.estimate for t in by_talk.values()))),
        total_talks=len(by_talk), total_exact=False,
        talks=_talk_hits(cursor, compiled, request, tables, shown),
        facets={name: dict(counter.most_common()) for name, counter in facets.items()},
    )


def _confirmed(cursor, compiled, request, tables, ordered: list[TalkMatches], wanted: int) -> list[TalkMatches]:
    """The first `wanted` talks whose passages really match (the word counts only say the words
    are somewhere in the transcript), read a batch of talks at a time."""
    confirmed: list[TalkMatches] = []
    batch_size = wanted if _every_candidate_matches(compiled, request) else max(20, 2 * wanted)
    for begin in range(0, len(ordered), batch_size):
        batch = ordered[begin : begin + batch_size]
        found = _read_matches(cursor, compiled, request, tables, [t.talk_id for t in batch])
        confirmed += [found[talk.talk_id].with_order_of(talk) for talk in batch if talk.talk_id in found]
        if len(confirmed) >= wanted:
            break
    return confirmed[:wanted]


def _every_candidate_matches(compiled: CompiledQuery, request: SearchRequest) -> bool:
    """Whether a transcript holding the words surely has a matching passage: words and prefixes,
    alone or as alternatives, with no speaker filter (a passage has fewer speakers than its transcript)."""
    return not request.speaker_ids and not any(
        operator in tsquery for tsquery in compiled.tsqueries.values() for operator in ("&", "!", "<")
    )


def _counted_exactly(compiled: CompiledQuery, request: SearchRequest) -> bool:
    """Whether the word counts give the exact number of matching passages: one word, no speaker
    filter (a prefix's words or alternatives may share passages, so their counts overlap)."""
    return _every_candidate_matches(compiled, request) and not any(
        operator in tsquery for tsquery in compiled.tsqueries.values() for operator in ("|", ":*")
    )


def _read_matches(cursor, compiled, request, tables, talk_ids: list[int]) -> dict[int, TalkMatches]:
    """These talks' matches: every one when all of a talk's hits are asked for, else a summary
    (count, best passages, moments) made in the database."""
    if request.all_hits_in_talk:
        return _group(matches(cursor, compiled, request, tables, talk_ids=talk_ids))
    summaries = talk_summaries(cursor, compiled, request, tables, talk_ids=talk_ids, best=request.hits_per_talk,
                               moments=MAX_MOMENTS)
    return {talk_id: TalkMatches(talk_id, matches=list(s.best), hit_count=s.hit_count, fractions=s.fractions)
            for talk_id, s in summaries.items()}


def _candidates(cursor, compiled: CompiledQuery, request: SearchRequest, tables: Tables) -> list[Candidate]:
    words = sorted({need.text for need in compiled.needs.values() for need in _terms(need)})
    filters = filter_condition(request, alias="t")
    cursor.execute(
        f"""SELECT t.analysis, t.talk_id, t.language, t.speakers, t.event_id, t.year, t.date_ordinal,
                   array_agg(m.term), array_agg(m.passages)
            FROM {tables.term} m JOIN {tables.transcript} t USING (transcript_id)
            WHERE m.term = ANY(%s::text[]) AND t.analysis = ANY(%s::text[]) AND {filters.text}
            GROUP BY t.transcript_id""",
        [words, sorted(compiled.needs), *filters.params],
    )
    candidates = []
    for analysis, talk_id, language, speakers, event_id, year, date_ordinal, terms, counts in cursor.fetchall():
        estimate = _estimate(compiled.needs[analysis], dict(zip(terms, counts)))
        if estimate:
            candidates.append(Candidate(talk_id, estimate, language, speakers, event_id, year, date_ordinal))
    return candidates


def _terms(need: Need):
    if need.kind == "term":
        yield need
    for item in need.items:
        yield from _terms(item)


def _estimate(need: Need, counts: dict[str, int]) -> int:
    """Passages likely to match, from how many passages hold each word: at most the rarest of the
    words that are all needed, at most the sum of alternatives."""
    if need.kind == "term":
        return counts.get(need.text, 0)
    values = [_estimate(item, counts) for item in need.items]
    if need.kind == "all":
        return min(values) if values else 0
    return sum(values)


def _group(found: list[Match]) -> dict[int, TalkMatches]:
    talks: dict[int, TalkMatches] = {}
    for match in sorted(found, key=lambda m: (-m.score, m.transcript_id, m.position)):
        talk = talks.setdefault(match.talk_id, TalkMatches(match.talk_id, date_ordinal=match.date_ordinal))
        talk.matches.append(match)
        talk.hit_count += 1
        if len(talk.fractions) < MAX_MOMENTS:
            talk.fractions.append(match.fraction)
    return talks


def _order(talks: list[TalkMatches], sort: str) -> list[TalkMatches]:
    if sort == "date":
        return sorted(talks, key=lambda t: (-t.date_ordinal, -t.best, t.talk_id))
    return sorted(talks, key=lambda t: (-t.best, t.talk_id))


def _count(facets: dict[str, Counter], row, weight) -> None:
    facets["language"][row.language] += weight
    if row.event_id is not None:
        facets["event"][str(row.event_id)] += weight
    if row.year is not None:
        facets["year"][str(row.year)] += weight
    for speaker in row.speakers:
        facets["speaker"][str(speaker)] += weight


def _talk_hits(cursor, compiled, request, tables, talks: list[TalkMatches]) -> list[TalkHits]:
    every = request.all_hits_in_talk
    groups = [t.matches if every else t.matches[: request.hits_per_talk] for t in talks]
    result = []
    for talk, hits in zip(talks, build_hits(cursor, groups, compiled, tables, every_cue=every)):
        if every:
            hits.sort(key=lambda hit: (hit.transcript_id, hit.start_ms or 0, hit.segment_id))
        result.append(TalkHits(
            talk_id=talk.talk_id, hit_count=talk.hit_count, score=talk.best, hits=hits,
            moments=sorted(fraction / 10_000 for fraction in talk.fractions),
        ))
    return result
