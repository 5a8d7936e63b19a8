"""The search query language, parsed into a small tree that every backend compiles itself.

    words              all required
    "a phrase"         the words in this order, also across cue boundaries
    a OR b             either
    -word, NOT word    excluded
    prefix*            words starting with prefix
    (a OR b) c         grouping
    speaker:x lang:de talk:slug year:2024 event:neurips-2024    filters, also given as URL parameters

Parsing is bounded (length, terms, nesting), and so is what a query may ask of a backend: repeated words
and alternatives collapse (`a a a` is `a`), and words, phrases, phrase length, prefixes and OR branches each
have a budget, refused with a message naming the limit. Whatever still runs long meets the search's time
budget (search.budget)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from talks.parsing.scripts import contains_han

MAX_LENGTH = 500
MAX_TERMS = 32
MAX_DEPTH = 8
MAX_FILTER_VALUES = 10
MIN_PREFIX = 2
MAX_PREFIX_EXPANSION = 200  # words a prefix may stand for, in any backend
# Budgets of the collapsed query: each costs a backend one more posting list (a phrase one per word, a
# prefix up to MAX_PREFIX_EXPANSION), so together they bound the work before any of it starts.
MAX_PHRASES = 8
MAX_PHRASE_WORDS = 12
MAX_PREFIXES = 4
MAX_OR_BRANCHES = 16
FILTER_NAMES = ("speaker", "lang", "talk", "year", "event")

_TOKEN = re.compile(
    r'(?P<filter>(?:speaker|lang|talk|year|event):(?:"[^"]*"|[^\s()"]+))'
    r'|(?P<phrase>-?"[^"]*"?)'
    r"|(?P<open>-?\()|(?P<close>\))"
    r'|(?P<word>[^\s()"]+)',
    re.IGNORECASE,
)


class QueryError(ValueError):
    """The query cannot be searched; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Word | Phrase | Prefix | Not | And | Or


@dataclass
class ParsedQuery:
    root: Node | None
    filters: dict[str, list[str]] = field(default_factory=dict)

    def positive_terms(self) -> list[Word | Phrase | Prefix]:
        """The terms that must or may match, for highlighting and spelling suggestions."""
        return list(_positive(self.root)) if self.root else []


def _positive(node: Node):
    if isinstance(node, (Word, Phrase, Prefix)):
        yield node
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _positive(item)


def parse_query(text: str) -> ParsedQuery:
    if len(text) > MAX_LENGTH:
        raise QueryError(f"The query is {len(text)} characters long; the limit is {MAX_LENGTH}.")
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]
    filters: dict[str, list[str]] = {}
    rest = []
    for kind, value in tokens:
        if kind == "filter":
            name, raw = value.split(":", 1)
            values = filters.setdefault(name.lower(), [])
            values.append(raw.strip('"'))
            if len(values) > MAX_FILTER_VALUES:
                raise QueryError(f"Too many {name.lower()}: filters; the limit is {MAX_FILTER_VALUES}.")
        else:
            rest.append((kind, value))
    parser = _Parser(rest)
    root = parser.parse()
    if root is not None and not any(True for _ in _positive(root)):
        raise QueryError("A query cannot only exclude words: add a word to search for.")
    _check_budgets(root)
    return ParsedQuery(root=root, filters=filters)


def _leaves(node: Node | None):
    """Every word, phrase and prefix of the tree, excluded ones included (they are searched too)."""
    if isinstance(node, (Word, Phrase, Prefix)):
        yield node
    elif isinstance(node, Not):
        yield from _leaves(node.item)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _leaves(item)


def _or_branches(node: Node | None) -> int:
    if isinstance(node, Not):
        return _or_branches(node.item)
    if isinstance(node, (And, Or)):
        own = len(node.items) if isinstance(node, Or) else 0
        return own + sum(_or_branches(item) for item in node.items)
    return 0


def _check_budgets(root: Node | None) -> None:
    """Refuse a (collapsed) query that would cost a backend more than any search should."""
    leaves = set(_leaves(root))
    phrases = [leaf for leaf in leaves if isinstance(leaf, Phrase)]
    counts = {
        "words and phrases": (len(leaves), MAX_TERMS),
        "phrases": (len(phrases), MAX_PHRASES),
        "prefixes (word*)": (sum(isinstance(leaf, Prefix) for leaf in leaves), MAX_PREFIXES),
        "OR alternatives": (_or_branches(root), MAX_OR_BRANCHES),
    }
    for name, (count, limit) in counts.items():
        if count > limit:
            raise QueryError(f"The query has {count} {name}; the limit is {limit}.")
    for phrase in phrases:
        if len(phrase.text.split()) > MAX_PHRASE_WORDS:
            raise QueryError(f'The phrase "{phrase.text[:40]}…" has {len(phrase.text.split())} words; '
                             f"the limit is {MAX_PHRASE_WORDS} words in a phrase.")


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.index < len(self.tokens):
            raise QueryError("A ')' has no matching '('.")
        return node

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def or_expr(self) -> Node | None:
        items = [self.and_expr()]
        while self.peek() == ("word", "OR"):
            self.index += 1
            items.append(self.and_expr())
        items = _distinct(item for item in items if item is not None)
        if not items:
            return None
        return items[0] if len(items) == 1 else Or(items)

    def and_expr(self) -> Node | None:
        items = []
        while (token := self.peek()) and token[0] != "close" and token != ("word", "OR"):
            item = self.unary()
            if item is not None:
                items.append(item)
        items = _distinct(items)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(items)

    def unary(self) -> Node | None:
        kind, value = self.tokens[self.index]
        if (kind, value) in {("word", "NOT"), ("word", "-")}:
            self.index += 1
            if self.peek() is None or self.peek()[0] == "close":
                return None
            item = self.unary()
            return None if item is None else _negate(item)
        if (kind, value) == ("word", "AND"):
            self.index += 1
            return None
        negated = value.startswith("-") and len(value) > 1
        self.index += 1
        if kind == "open":
            item = self.group()
        elif kind == "phrase":
            item = self.leaf(Phrase(value.lstrip("-").strip('"').strip()))
        else:
            item = self.leaf(self.word(value.removeprefix("-") if negated else value))
        return _negate(item) if negated and item is not None else item

    def group(self) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"Parentheses are nested too deep; the limit is {MAX_DEPTH}.")
        node = self.or_expr()
        if self.peek() is None or self.peek()[0] != "close":
            raise QueryError("A '(' is never closed.")
        self.index += 1
        self.depth -= 1
        return node

    def word(self, value: str) -> Word | Prefix:
        if "*" not in value:
            return Word(value)
        stem = value.rstrip("*")
        if "*" in stem or not stem:
            raise QueryError(f"'{value}': a * may only end a word, as in learn*.")
        if len(stem) < MIN_PREFIX and not contains_han(stem):
            raise QueryError(f"'{value}': give at least {MIN_PREFIX} letters before the *.")
        return Prefix(stem)

    def leaf(self, node: Word | Phrase | Prefix) -> Node | None:
        return node if node.text.strip() else None


def _distinct(items) -> tuple[Node, ...]:
    """The items once each, in the order first given: `a a` asks no more than `a`, `a OR a` no more than `a`."""
    return tuple(dict.fromkeys(items))


def prefix_cap_error(node: Prefix) -> QueryError:
    return QueryError(f"'{node.text}*' matches too many words; give more letters before the *.")


def query_words(node: Node | None):
    """The Words searched for (not those excluded), for spelling suggestions."""
    if isinstance(node, Word):
        yield node
    for child in getattr(node, "items", ()):
        yield from query_words(child)


def _negate(node: Node) -> Node:
    return node.item if isinstance(node, Not) else Not(node)


@dataclass(frozen=True)
class TypedFilter:
    """A filter typed in the query (`speaker:ilya`) and where it stands, so a page can show it and take it out."""

    name: str
    value: str
    start: int
    end: int


def typed_filters(text: str) -> list[TypedFilter]:
    found = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "filter":
            name, raw = match.group().split(":", 1)
            found.append(TypedFilter(name.lower(), raw.strip('"'), match.start(), match.end()))
    return found
