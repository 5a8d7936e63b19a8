"""SQL pieces of a search, all with parameters: which passages match, how they score, the filters,
and the stored passages of the hits with their highlights (search.highlight, shared with Whoosh)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from search.backends.base import Hit, SearchRequest
from search.highlight import MatchTerms, StoredCue, StoredPassage, match_spans, passage_hits, substring_spans
from talks.parsing.language import is_primary_only, primary_subtag

from .compiling import CompiledQuery
from search.stemming import stem_word

from .configs import CHINESE, analysed_words, python_stemmer_name
from .writing import Tables


@dataclass(frozen=True)
class Sql:
    text: str
    params: list


@dataclass
class Match:
    """A matching passage, with what grouping and facets need."""

    transcript_id: int
    position: int
    talk_id: int
    score: float
    fraction: int
    language: str
    speakers: list[int]
    event_id: int | None
    year: int | None
    date_ordinal: int


@dataclass(frozen=True)
class BestPassage:
    """One of a talk's best matching passages, as a talk summary (talk_summaries) gives it."""

    transcript_id: int
    position: int
    score: float


@dataclass
class TalkSummary:
    """A talk's matching passages summed up in SQL: how many, the best ones, and where the best
    MAX_MOMENTS of them are (fraction of the transcript, 0–10000)."""

    talk_id: int
    hit_count: int
    best: list[BestPassage]
    fractions: list[int]


MATCH_COLUMNS = "p.transcript_id, p.position, p.talk_id, {rank}, p.fraction, p.language, p.speakers, p.event_id, p.year, p.date_ordinal"


def match_condition(compiled: CompiledQuery) -> Sql:
    parts, params = [], []
    for analyses, tsquery in compiled.branches():
        parts.append("(p.analysis = ANY(%s::text[]) AND p.document @@ %s::tsquery)")
        params += [analyses, tsquery]
    return Sql("(" + " OR ".join(parts) + ")", params)


def rank_expression(compiled: CompiledQuery) -> Sql:
    # ts_rank_cd: cover density, so words close together (a phrase, a sentence) score higher.
    parts, params = [], []
    for analyses, tsquery in compiled.branches():
        parts.append("WHEN p.analysis = ANY(%s::text[]) THEN ts_rank_cd(p.document, %s::tsquery)")
        params += [analyses, tsquery]
    return Sql("CASE " + " ".join(parts) + " ELSE 0 END", params)


def filter_condition(request: SearchRequest, alias: str = "p") -> Sql:
    """The request's filters on a passage (p) or transcript (t) row: both have these columns."""
    parts, params = ["TRUE"], []
    if request.languages:
        # talks.parsing.language.matches_language_range, in SQL: en matches en and en-GB.
        tags = []
        for tag in request.languages:
            if is_primary_only(tag):
                tags.append(f"{alias}.language_base = %s")
                params.append(primary_subtag(tag))
            else:
                wanted = tag.strip().replace("_", "-").lower()
                tags.append(f"(lower({alias}.language) = %s OR starts_with(lower({alias}.language), %s))")
                params += [wanted, wanted + "-"]
        parts.append("(" + " OR ".join(tags) + ")")
    for column, values, kind in (("speakers", request.speaker_ids, "overlap"), ("talk_id", request.talk_ids, "any"),
                                 ("year", request.years, "any"), ("event_id", getattr(request, "event_ids", ()), "any")):
        if values:
            operator = "&& %s::int[]" if kind == "overlap" else "= ANY(%s::int[])"
            parts.append(f"{alias}.{column} {operator}")
            params.append(list(values))
    return Sql(" AND ".join(parts), params)


def matches(cursor, compiled: CompiledQuery, request: SearchRequest, tables: Tables, *,
            talk_ids: list[int] | None = None, limit: int | None = None) -> list[Match]:
    where, rank, filters = match_condition(compiled), rank_expression(compiled), filter_condition(request)
    talk_sql = " AND p.talk_id = ANY(%s::int[])" if talk_ids is not None else ""
    cursor.execute(
        f"SELECT {MATCH_COLUMNS.format(rank=rank.text)} FROM {tables.passage} p WHERE {where.text} AND {filters.text}"
        f"{talk_sql}{' LIMIT %s' if limit else ''}",
        [*rank.params, *where.params, *filters.params, *([talk_ids] if talk_ids is not None else []),
         *([limit] if limit else [])],
    )
    return [Match(*row) for row in cursor.fetchall()]


def talk_summaries(cursor, compiled: CompiledQuery, request: SearchRequest, tables: Tables, *,
                   talk_ids: list[int], best: int, moments: int) -> dict[int, TalkSummary]:
    """For each of these talks that really matches: a summary computed in the database, so a word
    in thousands of a talk's passages sends back one row, not thousands."""
    where, rank, filters = match_condition(compiled), rank_expression(compiled), filter_condition(request)
    # One sort per talk (the window), then short arrays in that order: four array_agg(… ORDER BY score)
    # sorted every match four times.
    cursor.execute(
        f"""SELECT talk_id, max(hits), array_agg(transcript_id ORDER BY rank) FILTER (WHERE rank <= %s),
                   array_agg(position ORDER BY rank) FILTER (WHERE rank <= %s),
                   array_agg(score ORDER BY rank) FILTER (WHERE rank <= %s), array_agg(fraction ORDER BY rank)
            FROM (SELECT m.*, count(*) OVER (PARTITION BY talk_id) AS hits,
                         row_number() OVER (PARTITION BY talk_id ORDER BY score DESC, transcript_id, position) AS rank
                  FROM (SELECT p.talk_id, p.transcript_id, p.position, p.fraction, {rank.text} AS score
                        FROM {tables.passage} p
                        WHERE {where.text} AND {filters.text} AND p.talk_id = ANY(%s::int[])) m) ranked
            WHERE rank <= %s GROUP BY talk_id""",
        [best, best, best, *rank.params, *where.params, *filters.params, talk_ids, max(best, moments)],
    )
    return {
        talk_id: TalkSummary(talk_id, count, [BestPassage(*best) for best in zip(transcripts, positions, scores)], fractions)
        for talk_id, count, transcripts, positions, scores, fractions in cursor.fetchall()
    }


def build_hits(cursor, groups: list[list[Match | BestPassage]], compiled: CompiledQuery, tables: Tables, *,
               every_cue: bool) -> list[list[Hit]]:
    """For each group (a talk's chosen passages, best first) its hits, each at the cue where a
    passage's first match starts; one query reads every group's passages."""
    chosen = [m for group in groups for m in group]
    cursor.execute(
        f"""SELECT p.transcript_id, p.position, p.language, p.analysis, p.text, p.cues FROM {tables.passage} p
            JOIN unnest(%s::int[], %s::int[]) AS k(transcript_id, position) USING (transcript_id, position)""",
        [[m.transcript_id for m in chosen], [m.position for m in chosen]],
    )
    stored = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
    result = []
    for group in groups:
        hits, seen = [], set()
        for match in group:
            language, analysis, text, cues = stored[(match.transcript_id, match.position)]
            cues = json.loads(cues) if isinstance(cues, str) else cues
            passage = StoredPassage(match.transcript_id, language, text, tuple(StoredCue(*cue) for cue in cues))
            spans = highlight_spans(text, analysis, compiled.terms.get(analysis))
            hits.extend(passage_hits(passage, spans, match.score, every_cue=every_cue, seen=seen))
        result.append(hits)
    return result


def highlight_spans(text: str, analysis: str, terms: MatchTerms | None) -> list[tuple[int, int]]:
    if not terms:
        return []
    if analysis == CHINESE:
        return substring_spans(text, terms)
    return match_spans(stemmed_tokens(text, analysis), terms)


def stemmed_tokens(text: str, analysis: str):
    """The passage's words as its PostgreSQL configuration indexes them, with offsets: the words
    it was given (configs.analysed_words), stemmed by the same Snowball stemmer in Python."""
    for token in analysed_words(text, analysis):
        if not any(ch.isdigit() for ch in token.text):
            token.text = _stem(analysis, token.text)
        yield token


@functools.lru_cache(maxsize=200_000)
def _stem(analysis: str, word: str) -> str:
    # Pure-Python Snowball is slow (most of a common word's search time went here); words repeat.
    stemmer = python_stemmer_name(analysis)
    return stem_word(stemmer, word) if stemmer else word
