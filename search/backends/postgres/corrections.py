"""Did-you-mean on PostgreSQL: candidates near the typed word's stem from the backend's own word
list (pg_trgm orders them), written out as they appear in passages, chosen by search.spelling."""

from __future__ import annotations

from search.query import Node, query_words
from search.spelling import Candidate, allowed_distance, best_correction, edit_distance, is_spellable

from .compiling import CompiledQuery
from .configs import CHINESE
from .matching import stemmed_tokens
from .writing import Tables, quote_lexeme

NEAREST = 20
SAMPLE_PASSAGES = 5


def corrections(cursor, compiled: CompiledQuery, root: Node, tables: Tables) -> dict[str, str]:
    """For each query word found in no analysis, the closest indexed word, if close enough."""
    found = {}
    for word in query_words(root):
        stems = {(analysis, lexemes[0]) for (analysis, text), lexemes in compiled.lexemes.items()
                 if text == word.text and len(lexemes) == 1}
        if _indexed(cursor, {stem for _, stem in stems}, tables) or not is_spellable(word.text):
            continue
        candidates = []
        for analysis, stem in sorted(stems):
            if analysis != CHINESE:
                candidates += _candidates(cursor, analysis, stem, allowed_distance(word.text), tables)
        best = best_correction(word.text, candidates)
        if best:
            found[word.text] = best
    return found


def _indexed(cursor, stems: set[str], tables: Tables) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {tables.term} WHERE term = ANY(%s::text[]))", [sorted(stems)])
    return cursor.fetchone()[0]


def _candidates(cursor, analysis: str, stem: str, allowed: int, tables: Tables) -> list[Candidate]:
    cursor.execute(
        f"""SELECT w.term, (SELECT coalesce(sum(t.passages), 0) FROM {tables.term} t WHERE t.term = w.term)
            FROM {tables.word} w WHERE w.analysis = %s AND w.term LIKE %s ORDER BY w.term <-> %s LIMIT %s""",
        [analysis, stem[0] + "%", stem, NEAREST],
    )
    candidates = []
    for term, frequency in cursor.fetchall():
        if frequency and edit_distance(stem, term) <= allowed:
            candidates += [Candidate(surface, frequency) for surface in _surface_forms(cursor, analysis, term, tables)]
    return candidates


def _surface_forms(cursor, analysis: str, term: str, tables: Tables) -> set[str]:
    """Words as written that the analysis turns into `term`, read from a few passages holding it."""
    cursor.execute(
        f"SELECT p.text FROM {tables.passage} p WHERE p.analysis = %s AND p.document @@ %s::tsquery LIMIT %s",
        [analysis, quote_lexeme(term), SAMPLE_PASSAGES],
    )
    forms = set()
    for (text,) in cursor.fetchall():
        forms.update(text[t.start:t.end].lower() for t in stemmed_tokens(text, analysis) if t.text == term)
    return forms
