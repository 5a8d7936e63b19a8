"""Subtitle line breaking: at most two lines of about 42 columns per cue (the common broadcast and
streaming convention). Chinese, Japanese and Korean characters are two columns wide and may break
between any two of them; other text breaks only at spaces.

A cue too long for 2 × 42 keeps its times and gets two balanced, longer lines: the file's times are
the only times known, and splitting a cue in time would invent times for words inside it (the archive
writes guessed times only into text and JSON, never into subtitle files)."""

from __future__ import annotations

import unicodedata

LINE_COLUMNS = 42



def _wide(character: str) -> bool:
    """East Asian wide or fullwidth (Han in every plane, kana, hangul, fullwidth forms): two columns."""
    return unicodedata.east_asian_width(character) in "WF"


def _no_line_start(character: str) -> bool:
    """Wide punctuation other than an opening bracket or quote (，。、」…): it stays on the line before."""
    return _wide(character) and unicodedata.category(character) in ("Po", "Pe", "Pf", "Pd")


def _split_word(word: str) -> list[str]:
    """A wide character (with the punctuation that must not start a line after it), or a run of narrow ones."""
    pieces: list[str] = []
    for character in word:
        if pieces and (_no_line_start(character) or not (_wide(character) or _wide(pieces[-1][-1]))):
            pieces[-1] += character
        else:
            pieces.append(character)
    return pieces


def columns(text: str) -> int:
    """Display width: East Asian wide and fullwidth characters take two columns."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, space before it): the places a line may break are between pieces."""
    pieces = []
    for word_index, word in enumerate(text.split()):
        for piece_index, piece in enumerate(_split_word(word)):
            pieces.append((piece, word_index > 0 and piece_index == 0))
    return pieces


def _join(pieces: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and index else "") + piece for index, (piece, spaced) in enumerate(pieces))


def wrap_cue(text: str, width: int = LINE_COLUMNS) -> str:
    """One line when it fits, else two lines broken where the longer of the two is shortest."""
    text = " ".join(text.split())
    pieces = _pieces(text)
    if columns(text) <= width or len(pieces) < 2:
        return text
    best = min(range(1, len(pieces)),
               key=lambda cut: (max(columns(_join(pieces[:cut])), columns(_join(pieces[cut:]))), -cut))
    return f"{_join(pieces[:best])}\n{_join(pieces[best:])}"
