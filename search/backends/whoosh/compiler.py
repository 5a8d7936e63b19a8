"""The query tree compiled into Whoosh queries, once per language field.

Each passage has text in exactly one language field, so "all words required" holds within a field
and the fields are OR-ed. Prefixes are expanded here against the index's own word list, with a cap:
Whoosh itself expands `?*` to every term and ran for minutes."""

from __future__ import annotations

from whoosh import query as wq

from search.highlight import MatchTerms as FieldTerms
from search.query import MAX_PREFIX_EXPANSION, And, Node, Not, Or, Phrase, Prefix, Word, prefix_cap_error


class LazyOr(wq.Or):
    """An OR whose matches are read as they are collected. Whoosh's own Or, in a segment of up to 5,000
    documents, reads every match of every part into arrays when its matcher is made, before a collector can
    stop it (the search's time budget, searching.DeadlineCollector); the scores are the same."""

    matcher_type = wq.Or.DEFAULT_MATCHER


def analyse(analyzer, text: str, *, morph: bool = True) -> list[str]:
    return [token.text for token in analyzer(text, mode="query", no_morph=not morph)]


def compile_field(node: Node, fieldname: str, analyzer, reader, terms: FieldTerms, positive: bool = True):
    """A Whoosh query for one field, or None when nothing of the node can match in that field."""
    if isinstance(node, (Word, Phrase)):
        tokens = analyse(analyzer, node.text)
        if not tokens:
            return None
        if positive:
            (terms.words.add(tokens[0]) if len(tokens) == 1 else terms.phrases.append(tuple(tokens)))
        return wq.Term(fieldname, tokens[0]) if len(tokens) == 1 else wq.Phrase(fieldname, tokens)
    if isinstance(node, Prefix):
        tokens = analyse(analyzer, node.text, morph=False)
        if len(tokens) != 1:
            return None
        expanded = []
        for word in reader.expand_prefix(fieldname, tokens[0]):
            expanded.append(word.decode("utf-8") if isinstance(word, bytes) else word)
            if len(expanded) > MAX_PREFIX_EXPANSION:
                raise prefix_cap_error(node)
        if positive:
            terms.words.update(expanded)
        return LazyOr([wq.Term(fieldname, word) for word in expanded]) if expanded else wq.NullQuery
    if isinstance(node, Not):
        inner = compile_field(node.item, fieldname, analyzer, reader, terms, positive=False)
        return None if inner is None else wq.Not(inner)
    if isinstance(node, And):
        parts = [compile_field(item, fieldname, analyzer, reader, terms, positive) for item in node.items]
        parts = [part for part in parts if part is not None]
        if not any(not isinstance(part, wq.Not) for part in parts):
            return None
        return wq.And(parts) if len(parts) > 1 else parts[0]
    if isinstance(node, Or):
        parts = [compile_field(item, fieldname, analyzer, reader, terms, positive) for item in node.items]
        parts = [part for part in parts if part is not None and not isinstance(part, wq.Not)]
        if not parts:
            return None
        return LazyOr(parts) if len(parts) > 1 else parts[0]
    raise TypeError(f"unknown query node {node!r}")
