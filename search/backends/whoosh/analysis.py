"""One analysis chain per language group, each with its own index field.

The index's table of contents pickles these classes by import path: renaming or moving one means
the index must be rebuilt (SCHEMA_VERSION in schema.py says so)."""

from __future__ import annotations

import functools
import re

import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, StemFilter, Token, Tokenizer
from whoosh.lang import has_stemmer

from search.normalize import normalize, original_offset
from talks.parsing.chinese import iter_dictionary_words, to_simplified
from talks.parsing.language import primary_subtag
from talks.parsing.scripts import starts_with_han

_WORD = re.compile(r"\w+(?:'\w+)*")


class NormalizingTokenizer(Tokenizer):
    """Words of NFKC-normalised text, with character offsets into the original text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        normalized, offsets = normalize(value)
        for pos, match in enumerate(_WORD.finditer(normalized)):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + original_offset(offsets, match.start())
                token.endchar = start_char + original_offset(offsets, match.end())
            yield token


class TurkishFilter(Filter):
    """Turkish lower-casing (I → ı, İ → i) and no suffix after an apostrophe (Montreal'de → montreal)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.replace("I", "ı").replace("İ", "i").lower().split("'", 1)[0]
            yield token


class SnowballFilter(Filter):
    """Stemming with the snowballstemmer package, for languages Whoosh has no stemmer for."""

    is_morph = True

    def __init__(self, language: str) -> None:
        self.language = language

    def __eq__(self, other):
        return isinstance(other, SnowballFilter) and other.language == self.language

    @functools.cached_property
    def _stemmer(self):
        return snowballstemmer.stemmer(self.language)

    def __getstate__(self):
        return {"language": self.language}

    def __call__(self, tokens):
        stem = self._stemmer.stemWord
        for token in tokens:
            token.text = stem(token.text)
            yield token


class ChineseTokenizer(Tokenizer):
    """jieba words numbered 0, 1, 2… so phrase queries work (jieba's own ChineseAnalyzer numbers
    them by character offset, which breaks every phrase). Traditional characters are folded to
    Simplified first. At index time each word's characters and the dictionary words inside it share
    its position, so a one-character query, or a two-character word inside a longer one, is found."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        normalized, offsets = normalize(value)
        simplified = same_length_simplified(normalized)
        pos, index = start_pos, 0
        for word in iter_dictionary_words(simplified):
            begin, index = index, index + len(word)
            if not any(ch.isalnum() for ch in word):
                continue
            pieces = [(word, begin)]
            if mode == "index" and len(word) > 1 and starts_with_han(word):
                pieces.extend(_inner_words(word, begin))
            for text, at in pieces:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + original_offset(offsets, at)
                    token.endchar = start_char + original_offset(offsets, at + len(text))
                yield token
            pos += 1


def _inner_words(word: str, begin: int):
    from jieba import dt

    yield from ((ch, begin + i) for i, ch in enumerate(word))
    for size in (2, 3):
        if len(word) > size:
            for i in range(len(word) - size + 1):
                piece = word[i : i + size]
                if dt.FREQ.get(piece):
                    yield piece, begin + i


def same_length_simplified(text: str) -> str:
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        return simplified
    # A phrase conversion changed the length: convert character by character to keep offsets.
    return "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)


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
