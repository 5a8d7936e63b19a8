"""Words of a text with their positions and offsets into the original text, for every backend.

The positions number words 0, 1, 2…, so phrase queries work; for Chinese, jieba cuts the text and,
at index time, each word's characters and the dictionary words inside it share the word's position,
so a one-character query, or a two-character word inside a longer one, is found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from talks.parsing.chinese import iter_dictionary_words
from talks.parsing.scripts import starts_with_han

from .normalize import normalize, original_offset, same_length_simplified

WORD = re.compile(r"\w+(?:'\w+)*")


@dataclass(slots=True)
class Token:
    text: str
    position: int
    start: int  # offsets into the original (not normalised) text
    end: int


def word_tokens(text: str, *, pattern: re.Pattern = WORD) -> Iterator[Token]:
    """Words of the NFKC-normalised text, not yet lower-cased."""
    normalized, offsets = normalize(text)
    for position, match in enumerate(pattern.finditer(normalized)):
        yield Token(match.group(), position, original_offset(offsets, match.start()), original_offset(offsets, match.end()))


def chinese_tokens(text: str, *, index: bool) -> Iterator[Token]:
    """jieba's dictionary words of the normalised, Simplified text (Latin words lower-cased);
    with index=True also each word's characters and inner dictionary words at its position."""
    normalized, offsets = normalize(text)
    simplified = same_length_simplified(normalized)
    position, cursor = 0, 0
    for word in iter_dictionary_words(simplified):
        begin, cursor = cursor, cursor + len(word)
        if not any(ch.isalnum() for ch in word):
            continue
        pieces = [(word, begin)]
        if index and len(word) > 1 and starts_with_han(word):
            pieces.extend(_inner_words(word, begin))
        for piece, at in pieces:
            yield Token(piece.lower(), position, original_offset(offsets, at), original_offset(offsets, at + len(piece)))
        position += 1


def _inner_words(word: str, begin: int):
    from jieba import dt

    yield from ((ch, begin + i) for i, ch in enumerate(word))
    for size in (2, 3):
        if len(word) > size:
            for i in range(len(word) - size + 1):
                piece = word[i : i + size]
                if dt.FREQ.get(piece):
                    yield piece, begin + i
