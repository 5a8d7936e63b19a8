"""Spelling rules every backend's did-you-mean shares: which words can be corrected and how far a correction may be."""

from __future__ import annotations

import re

SPELLABLE = re.compile(r"[^\W\d_]{3,30}")  # letters only: Chinese (no \w boundary issue) and numbers are left alone


def allowed_edits(word: str) -> int:
    """How many typing slips a word may hold: more for longer words (`cats` 1, `scalng` 2, `intelligense` 3)."""
    length = len(word)
    if length <= 4:
        return 1
    if length <= 8:
        return 2
    return 3


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
