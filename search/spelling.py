"""Did-you-mean, for every backend: which typed words may be corrected, how far a correction may
be, and which candidate wins. Backends only find candidates in their own word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPELLABLE = re.compile(r"[^\W\d_]{3,30}")


@dataclass(frozen=True)
class Candidate:
    word: str  # as written in a passage, lower-cased
    frequency: int  # how many passages (or transcripts) hold it


def is_spellable(typed: str) -> bool:
    """Letters only, 3 to 30 of them: Chinese and numbers get no corrections."""
    return bool(_SPELLABLE.fullmatch(typed.lower()))


def allowed_distance(typed: str) -> int:
    """More slips in longer words: `cats` 1, `scalng` 2, `intelligense` 3."""
    if len(typed) <= 4:
        return 1
    return 2 if len(typed) <= 8 else 3


def best_correction(typed: str, candidates: Iterable[Candidate]) -> str | None:
    """The closest candidate within the allowed distance; ties go to the more frequent word."""
    typed = typed.lower()
    allowed = allowed_distance(typed)
    ranked = []
    for candidate in candidates:
        distance = edit_distance(typed, candidate.word)
        if distance <= allowed:
            ranked.append((distance, -candidate.frequency, candidate.word))
    return min(ranked)[2] if ranked else None


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
