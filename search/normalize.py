"""Text normalisation for analysis that keeps a map back to the original characters, so highlights
land on the text as stored: NFKC, no zero-width characters, straight apostrophes."""

from __future__ import annotations

import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# One character to one character, so the fast path needs no offset map.
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}})


def normalize(text: str) -> tuple[str, list[int] | None]:
    """The normalised text, and for each of its characters the index of the original one
    (plus a final entry for the end). None for the map means the two line up one to one."""
    if not text.isascii():
        text = text.translate(_SAME_LENGTH)
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not any(ord(c) in _ZERO_WIDTH for c in text)):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        cluster = text[index:end]
        if ord(cluster[0]) not in _ZERO_WIDTH:
            for ch in unicodedata.normalize("NFKC", cluster).translate(_SAME_LENGTH):
                out.append(ch)
                offsets.append(index)
        index = end
    offsets.append(len(text))
    return "".join(out), offsets


def original_offset(offsets: list[int] | None, index: int) -> int:
    return index if offsets is None else offsets[index]


def same_length_simplified(text: str) -> str:
    """Traditional characters folded to Simplified, one character for one, so offsets stay valid."""
    from talks.parsing.chinese import to_simplified

    simplified = to_simplified(text)
    if len(simplified) == len(text):
        return simplified
    # A phrase conversion changed the length: convert character by character to keep offsets.
    return "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)


def lower(text: str, *, turkish: bool = False) -> str:
    """Lower case; Turkish dotted and dotless I lower to i and ı (Python's lower() gives i̇ and i)."""
    if turkish:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()
