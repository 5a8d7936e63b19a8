"""Chinese word segmentation and script folding, shared by parsing and search analysis."""

from __future__ import annotations

import functools

from .scripts import han_characters, han_count


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters."""
    visible = sum(1 for ch in text if not ch.isspace())
    return han_count(text) / visible if visible else 0.0


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO to stderr
    jieba.initialize()
    return jieba


def configure_cache(directory: str) -> None:
    """Keep jieba's dictionary cache in our data directory instead of the shared temp dir."""
    import jieba

    jieba.dt.tmp_dir = directory


def preload() -> None:
    """Load jieba's dictionary now (about a second) rather than on the first request."""
    _jieba()


def cut_words(text: str) -> list[str]:
    """jieba's precise mode: every character of the text in order, split into words."""
    return list(_jieba().cut(text, HMM=True))


def iter_dictionary_words(text: str):
    """Words lazily, from the dictionary alone (no HMM guessing of unknown words): the same string
    is cut the same way wherever it stands, which keeps index and query analysis in step."""
    return _jieba().cut(text, HMM=False)


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """True when folding to Simplified changes a noticeable share of the Han characters."""
    sample = han_characters(text)[:5000]
    if not sample:
        return False
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return changed / len(sample) > 0.05
