"""Which writing system a character belongs to. The Han ranges are defined here and nowhere else."""

from __future__ import annotations

import re

# CJK Unified Ideographs with Extension A, the Compatibility Ideographs, Extensions B–F with the
# Compatibility Supplement (plane 2) and Extensions G–H (plane 3), and 〇 (U+3007, the ideographic zero).
HAN_RANGES = (
    ("\u3007", "\u3007"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0002fa1f"),
    ("\U00030000", "\U000323af"),
)
HAN = re.compile("[" + "".join(f"{low}-{high}" for low, high in HAN_RANGES) + "]")


def is_han(character: str) -> bool:
    return HAN.fullmatch(character) is not None


def contains_han(text: str) -> bool:
    return HAN.search(text) is not None


def starts_with_han(text: str) -> bool:
    return HAN.match(text) is not None


def han_count(text: str) -> int:
    return len(HAN.findall(text))


def han_characters(text: str) -> str:
    return "".join(HAN.findall(text))
