"""Writing the PostgreSQL index: a transcript's passages with their vectors, its per-word passage
counts and new words, in whatever transaction the caller is in (the one that changed the data)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from search.documents import TranscriptDocument
from search.passages import build_passages
from search.tokens import chinese_tokens

from talks.parsing.language import primary_subtag

from .configs import CHINESE, analysis_for, config_name, prepared_text

MAX_POSITION = 16383  # PostgreSQL keeps word positions up to this


@dataclass(frozen=True)
class Tables:
    """The four tables one index is made of: the live ones, or a new set a rebuild fills."""

    transcript: str = "search_pg_transcript"
    passage: str = "search_pg_passage"
    term: str = "search_pg_term"
    word: str = "search_pg_word"

    def suffixed(self, suffix: str) -> Tables:
        return Tables(*(f"{name}{suffix}" for name in self.names()))

    def names(self) -> tuple[str, str, str, str]:
        return (self.transcript, self.passage, self.term, self.word)


LIVE = Tables()


def delete_transcripts(cursor, transcript_ids: list[int], tables: Tables = LIVE) -> None:
    for table in (tables.term, tables.passage, tables.transcript):
        cursor.execute(f"DELETE FROM {table} WHERE transcript_id = ANY(%s::int[])", [transcript_ids])


def write_transcripts(cursor, documents: Iterable[TranscriptDocument], tables: Tables = LIVE) -> int:
    """Replace these transcripts in the index; returns the number of segments written."""
    documents = list(documents)
    if not documents:
        return 0
    ids = [d.transcript_id for d in documents]
    delete_transcripts(cursor, ids, tables)
    transcripts, passages = [], defaultdict(list)
    for document in documents:
        transcripts.append(_transcript_row(document))
        for row in _passage_rows(document):
            for key, value in row.items():
                passages[key].append(value)
    _insert_transcripts(cursor, transcripts, tables)
    if passages:
        _insert_passages(cursor, passages, tables)
    _insert_terms_and_words(cursor, ids, tables)
    return sum(len(d.segments) for d in documents)


def _transcript_row(document: TranscriptDocument) -> dict:
    speakers = set(document.speaker_ids) | {s.speaker_id for s in document.segments if s.speaker_id}
    return {
        "transcript_id": document.transcript_id, "talk_id": document.talk_id, "language": document.language,
        "language_base": primary_subtag(document.language), "analysis": analysis_for(document.language),
        "speakers": _int_array(speakers), "event_id": document.event_id, "year": document.year,
        "date_ordinal": document.date_ordinal, "passages": 0,
    }


def _passage_rows(document: TranscriptDocument):
    analysis = analysis_for(document.language)
    count = max(1, len(document.segments))
    for passage in build_passages(document.segments):
        speakers = {passage.speaker_id} if passage.speaker_id else set(document.speaker_ids)
        chinese = analysis == CHINESE
        yield {
            "transcript_id": document.transcript_id, "position": passage.first.position,
            "talk_id": document.talk_id, "language": document.language,
            "language_base": primary_subtag(document.language), "analysis": analysis,
            "speakers": _int_array(speakers), "event_id": document.event_id, "year": document.year,
            "date_ordinal": document.date_ordinal, "fraction": passage.first.position * 10_000 // count,
            "text": passage.text,
            "cues": json.dumps([[c.segment.segment_id, c.offset, c.segment.start_ms, c.segment.end_ms, c.segment.estimated]
                                for c in passage.cues]),
            "config": None if chinese else config_name(analysis),
            "prepared": chinese_vector(passage.text) if chinese else prepared_text(passage.text, analysis),
        }


def chinese_vector(text: str) -> str:
    """A tsvector literal of jieba's words, and each word's characters and inner words at the
    word's position (search.tokens.chinese_tokens), so phrases and single characters are found."""
    positions: dict[str, list[int]] = defaultdict(list)
    for token in chinese_tokens(text, index=True):
        position = min(token.position + 1, MAX_POSITION)
        if position not in positions[token.text][-1:]:
            positions[token.text].append(position)
    return " ".join(f"{quote_lexeme(word)}:{','.join(map(str, found))}" for word, found in positions.items())


def quote_lexeme(word: str) -> str:
    """A lexeme as tsvector/tsquery input: quoted, with quotes and backslashes escaped."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _int_array(values) -> str:
    return "{" + ",".join(str(int(v)) for v in sorted(values)) + "}"


def _insert_transcripts(cursor, rows: list[dict], tables: Tables) -> None:
    columns = list(rows[0])
    cursor.executemany(
        f"INSERT INTO {tables.transcript} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
        [[row[c] for c in columns] for row in rows],
    )


def _insert_passages(cursor, columns: dict[str, list], tables: Tables) -> None:
    # One statement per batch: the vectors are made by PostgreSQL's configurations, except
    # Chinese, whose vector literal was made above.
    cursor.execute(
        f"""INSERT INTO {tables.passage} (transcript_id, position, talk_id, language, language_base, analysis,
                speakers, event_id, year, date_ordinal, fraction, text, cues, document)
            SELECT transcript_id, position, talk_id, language, language_base, analysis, speakers::int[], event_id,
                   year, date_ordinal, fraction, text, cues::jsonb,
                   CASE WHEN config IS NULL THEN prepared::tsvector ELSE to_tsvector(config::regconfig, prepared) END
            FROM unnest(%s::int[], %s::int[], %s::int[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[],
                        %s::int[], %s::int[], %s::int[], %s::text[], %s::text[], %s::text[], %s::text[])
                 AS u(transcript_id, position, talk_id, language, language_base, analysis, speakers, event_id, year,
                      date_ordinal, fraction, text, cues, config, prepared)""",
        [columns[name] for name in ("transcript_id", "position", "talk_id", "language", "language_base", "analysis",
                                    "speakers", "event_id", "year", "date_ordinal", "fraction", "text", "cues",
                                    "config", "prepared")],
    )


def _insert_terms_and_words(cursor, ids: list[int], tables: Tables) -> None:
    cursor.execute(
        f"""INSERT INTO {tables.term} (term, transcript_id, talk_id, passages)
            SELECT u.lexeme, p.transcript_id, min(p.talk_id), count(*)
            FROM {tables.passage} p, unnest(p.document) u WHERE p.transcript_id = ANY(%s::int[])
            GROUP BY u.lexeme, p.transcript_id""",
        [ids],
    )
    cursor.execute(
        f"""UPDATE {tables.transcript} t SET passages = (SELECT count(*) FROM {tables.passage} p
            WHERE p.transcript_id = t.transcript_id) WHERE t.transcript_id = ANY(%s::int[])""",
        [ids],
    )
    # In word order, so two transactions adding the same new words wait for each other instead
    # of deadlocking.
    cursor.execute(
        f"""INSERT INTO {tables.word} (analysis, term)
            SELECT DISTINCT t.analysis, m.term FROM {tables.term} m JOIN {tables.transcript} t USING (transcript_id)
            WHERE m.transcript_id = ANY(%s::int[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING""",
        [ids],
    )
