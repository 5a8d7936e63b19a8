"""The query tree compiled into tsquery values, one per analysis present in the index.

Words and phrases are analysed by PostgreSQL's own configurations (phraseto_tsquery), Chinese by
the project's jieba tokenizer; the tsquery text PostgreSQL returns is combined with & | ! here and
passed back as one parameter, so no SQL is ever built from what was typed. Prefixes become `:*`
after counting the words they stand for, with the same cap as the Whoosh backend."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.highlight import MatchTerms
from search.query import MAX_PREFIX_EXPANSION, And, Node, Not, Or, Phrase, Prefix, Word, prefix_cap_error
from search.tokens import chinese_tokens

from .configs import CHINESE, config_name, prepared_text
from .writing import LIVE, quote_lexeme

_LEXEME = re.compile(r"'((?:[^']|'')*)'")


@dataclass(frozen=True)
class Need:
    """What a transcript must hold, word by word, for a passage of it to match: a talk-level test
    that the passages then confirm. kind is term (text), all or any (items)."""

    kind: str
    text: str = ""
    items: tuple[Need, ...] = ()


@dataclass
class CompiledQuery:
    tsqueries: dict[str, str] = field(default_factory=dict)  # analysis → tsquery text
    terms: dict[str, MatchTerms] = field(default_factory=dict)  # analysis → words to highlight
    needs: dict[str, Need] = field(default_factory=dict)  # analysis → talk-level test
    lexemes: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (analysis, word typed) → lexemes

    def branches(self) -> list[tuple[list[str], str]]:
        """Analyses grouped by identical tsquery, so a word stemmed alike is looked up once."""
        grouped: dict[str, list[str]] = {}
        for analysis, tsquery in sorted(self.tsqueries.items()):
            grouped.setdefault(tsquery, []).append(analysis)
        return [(analyses, tsquery) for tsquery, analyses in grouped.items()]


def compile_query(cursor, root: Node, analyses: list[str], tables=LIVE) -> CompiledQuery:
    compiled = CompiledQuery()
    leaves = _leaf_lexemes(cursor, root, analyses)
    for analysis in analyses:
        compiler = _Compiler(cursor, analysis, leaves, tables)
        result = compiler.compile(root)
        if result is not None:
            compiled.tsqueries[analysis], compiled.needs[analysis] = result
            compiled.terms[analysis] = compiler.terms
        for (leaf_analysis, text), (_, lexemes) in leaves.items():
            if leaf_analysis == analysis:
                compiled.lexemes[(analysis, text)] = lexemes
    return compiled


def _leaves(node: Node):
    if isinstance(node, (Word, Phrase)):
        yield node.text
    elif isinstance(node, Not):
        yield from _leaves(node.item)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _leaves(item)


def _leaf_lexemes(cursor, root: Node, analyses: list[str]) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(analysis, text) → (tsquery text, lexemes) for every word and phrase, in one round trip."""
    texts = sorted(set(_leaves(root)))
    found = {}
    asked = [(a, t) for a in analyses if a != CHINESE for t in texts]
    if asked:
        cursor.execute(
            "SELECT phraseto_tsquery(c::regconfig, t)::text FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(c, t, n)"
            " ORDER BY n",
            [[config_name(a) for a, _ in asked], [prepared_text(t, a) for a, t in asked]],
        )
        for (analysis, text), (tsquery,) in zip(asked, cursor.fetchall()):
            found[(analysis, text)] = (tsquery, [m.replace("''", "'") for m in _LEXEME.findall(tsquery)])
    if CHINESE in analyses:
        for text in texts:
            words = [token.text for token in chinese_tokens(text, index=False)]
            found[(CHINESE, text)] = (" <-> ".join(quote_lexeme(w) for w in words), words)
    return found


class _Compiler:
    def __init__(self, cursor, analysis: str, leaves, tables) -> None:
        self.cursor, self.analysis, self.leaves, self.tables = cursor, analysis, leaves, tables
        self.terms = MatchTerms()

    def compile(self, node: Node, positive: bool = True) -> tuple[str, Need | None] | None:
        """(tsquery text, talk-level need) or None when nothing of the node can match here."""
        if isinstance(node, (Word, Phrase)):
            tsquery, lexemes = self.leaves[(self.analysis, node.text)]
            if not lexemes:
                return None
            if positive:
                self.terms.add(lexemes)
            return tsquery, Need("all", items=tuple(Need("term", text=lexeme) for lexeme in lexemes))
        if isinstance(node, Prefix):
            return self.prefix(node, positive)
        if isinstance(node, Not):
            inner = self.compile(node.item, positive=False)
            return None if inner is None else (f"!( {inner[0]} )", None)
        parts = [self.compile(item, positive) for item in node.items]
        parts = [part for part in parts if part is not None]
        if isinstance(node, And):
            if all(need is None for _, need in parts):
                return None  # only exclusions left
            needs = tuple(need for _, need in parts if need is not None)
            return " & ".join(f"( {q} )" for q, _ in parts), Need("all", items=needs)
        parts = [part for part in parts if part[1] is not None]  # an excluded word alone adds nothing to OR
        if not parts:
            return None
        return " | ".join(f"( {q} )" for q, _ in parts), Need("any", items=tuple(need for _, need in parts))

    def prefix(self, node: Prefix, positive: bool):
        if self.analysis == CHINESE:
            tokens = [token.text for token in chinese_tokens(node.text, index=False)]
        else:
            tokens = prepared_text(node.text, self.analysis).split()
        if len(tokens) != 1:
            return None
        pattern = re.sub(r"([\\%_])", r"\\\1", tokens[0]) + "%"
        self.cursor.execute(
            f"""SELECT w.term FROM {self.tables.word} w WHERE w.analysis = %s AND w.term LIKE %s
                AND EXISTS (SELECT 1 FROM {self.tables.term} t WHERE t.term = w.term) ORDER BY w.term LIMIT %s""",
            [self.analysis, pattern, MAX_PREFIX_EXPANSION + 1],
        )
        expanded = [row[0] for row in self.cursor.fetchall()]
        if len(expanded) > MAX_PREFIX_EXPANSION:
            raise prefix_cap_error(node)
        if positive:
            self.terms.words.update(expanded)
        need = Need("any", items=tuple(Need("term", text=word) for word in expanded))
        return f"{quote_lexeme(tokens[0])}:*", need
