"""Where the query matched inside a passage, and the snippet for the cue where the first match
starts: the text HTML-escaped, with only <mark> added."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from search.normalize import normalize, original_offset

from .analysis import same_length_simplified
from .compiler import FieldTerms

SNIPPET_CHARS = 260
_CONTEXT_BEFORE = 80


def match_spans(text: str, analyzer, terms: FieldTerms) -> list[tuple[int, int]]:
    """Character spans of every word and phrase match, in order, overlaps merged."""
    at_position: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    spans = []
    for token in analyzer(text, positions=True, chars=True, mode="index"):
        at_position[token.pos].append((token.text, token.startchar, token.endchar))
        if token.text in terms.words:
            spans.append((token.startchar, token.endchar))
    for phrase in terms.phrases:
        for pos, entries in list(at_position.items()):
            first = next((e for e in entries if e[0] == phrase[0]), None)
            if first is None:
                continue
            end = None
            for step, word in enumerate(phrase[1:], start=1):
                found = next((e for e in at_position.get(pos + step, ()) if e[0] == word), None)
                if found is None:
                    break
                end = found[2]
            else:
                spans.append((first[1], end))
    return _merge(sorted(spans))


def substring_spans(text: str, terms: FieldTerms) -> list[tuple[int, int]]:
    """Spans for Chinese without segmenting again: every token jieba gives is a piece of the text,
    so each query word (or phrase, joined) is found by looking for it in the normalised,
    Simplified text. Re-running jieba on each hit passage was most of a Chinese search's time."""
    normalized, offsets = normalize(text)
    haystack = same_length_simplified(normalized).lower()
    spans = []
    for needle in {*terms.words, *("".join(p) for p in terms.phrases)}:
        start = haystack.find(needle)
        while needle and start >= 0:
            spans.append((original_offset(offsets, start), original_offset(offsets, start + len(needle))))
            start = haystack.find(needle, start + len(needle))
    return _merge(sorted(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, spans: list[tuple[int, int]], start: int, end: int, *, trim: bool = True) -> str:
    """HTML for text[start:end] (trimmed around the first match when long) with matches marked."""
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    if trim and end - start > SNIPPET_CHARS and inside:
        first = inside[0][0]
        window_start = max(start, _word_start(text, first - _CONTEXT_BEFORE, start))
        window_end = min(end, _word_end(text, window_start + SNIPPET_CHARS, end))
        prefix = "… " if window_start > start else ""
        suffix = " …" if window_end < end else ""
        start, end = window_start, window_end
        inside = [(max(s, start), min(e, end)) for s, e in inside if s < end and e > start]
    else:
        prefix = suffix = ""
    html, cursor = [escape(prefix)], start
    for s, e in inside:
        html.append(escape(text[cursor:s]))
        html.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    html.append(escape(text[cursor:end]))
    html.append(escape(suffix))
    return "".join(html).strip()


def _word_start(text: str, index: int, floor: int) -> int:
    if index <= floor:
        return floor
    space = text.rfind(" ", floor, index)
    return space + 1 if space >= 0 else index


def _word_end(text: str, index: int, ceiling: int) -> int:
    if index >= ceiling:
        return ceiling
    space = text.find(" ", index, ceiling)
    return space if space >= 0 else index
