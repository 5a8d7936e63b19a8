"""One analysis chain per language group, each with its own index field.

The index's table of contents pickles these classes by import path: renaming or moving one means
the index must be rebuilt (SCHEMA_VERSION in schema.py says so)."""

from __future__ import annotations

from whoosh.analysis import Filter, LowercaseFilter, StemFilter, Token, Tokenizer
from whoosh.lang import has_stemmer

from search.normalize import lower
from search.stemming import thread_stemmer
from search.tokens import chinese_tokens, word_tokens
from talks.parsing.language import primary_subtag


class NormalizingTokenizer(Tokenizer):
    """Words of NFKC-normalised text, with character offsets into the original text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word in word_tokens(value):
            yield _fill(token, word, keeporiginal=keeporiginal, start_pos=start_pos, start_char=start_char)


def _fill(token: Token, word, *, keeporiginal: bool, start_pos: int, start_char: int) -> Token:
    """Whoosh's one reused Token set from a search.tokens.Token."""
    token.text = word.text
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = word.text
    if token.positions:
        token.pos = start_pos + word.position
    if token.chars:
        token.startchar = start_char + word.start
        token.endchar = start_char + word.end
    return token


class TurkishFilter(Filter):
    """Turkish lower-casing (I → ı, İ → i) and no suffix after an apostrophe (Montreal'de → montreal)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = lower(token.text, turkish=True).split("'", 1)[0]
            yield token


class SnowballFilter(Filter):
    """Stemming with the snowballstemmer package, for languages Whoosh has no stemmer for."""

    is_morph = True

    def __init__(self, language: str) -> None:
        self.language = language

    def __eq__(self, other):
        return isinstance(other, SnowballFilter) and other.language == self.language

    def __getstate__(self):
        return {"language": self.language}

    def __call__(self, tokens):
        stem = thread_stemmer(self.language).stemWord  # analyzers are shared by threads; stemmers cannot be
        for token in tokens:
            token.text = stem(token.text)
            yield token


class ChineseTokenizer(Tokenizer):
    """search.tokens.chinese_tokens as a Whoosh tokenizer (jieba's own ChineseAnalyzer numbers
    positions by character offset, which breaks every phrase)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word in chinese_tokens(value, index=mode == "index"):
            yield _fill(token, word, keeporiginal=keeporiginal, start_pos=start_pos, start_char=start_char)


def language_analyzer(group: str):
    if group == "zh":
        return ChineseTokenizer() | LowercaseFilter()
    if group == "tr":
        return NormalizingTokenizer() | TurkishFilter() | SnowballFilter("turkish")
    chain = NormalizingTokenizer() | LowercaseFilter()
    return chain | StemFilter(lang=group) if has_stemmer(group) else chain


# Languages with an analysis chain (and field) of their own; every other language shares "other".
LANGUAGE_GROUPS = ("en", "de", "tr", "zh", "fr", "es", "it", "nl", "pt", "ru", "sv", "da", "no", "fi", "hu", "ro")
OTHER = "other"


def language_group(tag: str) -> str:
    primary = primary_subtag(tag)
    primary = {"nb": "no", "nn": "no"}.get(primary, primary)
    return primary if primary in LANGUAGE_GROUPS else OTHER


def field_name(group: str) -> str:
    return f"text_{group}"
