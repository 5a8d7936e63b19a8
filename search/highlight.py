"""Highlighting for every backend: where the query matched inside a passage, the cue (and second)
where each match starts, and the snippet for it: the text HTML-escaped, with only <mark> added.
Backends give the analysed words of the passage (search.tokens.Token) and the words the query
looked for; PostgreSQL's ts_headline cannot give offsets, so both backends use this."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from .backends.base import Hit
from .normalize import normalize, original_offset, same_length_simplified
from .passages import cue_index
from .tokens import Token

SNIPPET_CHARS = 260
_CONTEXT_BEFORE = 80


@dataclass
class MatchTerms:
    """The analysed words a query looks for in one language, kept for highlighting."""

    words: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, tokens: list[str]) -> None:
        if len(tokens) == 1:
            self.words.add(tokens[0])
        elif tokens:
            self.phrases.append(tuple(tokens))


@dataclass(frozen=True)
class StoredCue:
    segment_id: int
    offset: int  # where the cue's text starts in the passage text
    start_ms: int | None
    end_ms: int | None
    estimated: bool


@dataclass(frozen=True)
class StoredPassage:
    """A passage as a backend stores it, enough to build hits without the database."""

    transcript_id: int
    language: str
    text: str
    cues: tuple[StoredCue, ...]


def match_spans(tokens: Iterable[Token], terms: MatchTerms) -> list[tuple[int, int]]:
    """Character spans of every word and phrase match, in order, overlaps merged."""
    at_position: dict[int, list[Token]] = defaultdict(list)
    spans = []
    for token in tokens:
        at_position[token.position].append(token)
        if token.text in terms.words:
            spans.append((token.start, token.end))
    for phrase in terms.phrases:
        for position, entries in list(at_position.items()):
            first = next((t for t in entries if t.text == phrase[0]), None)
            if first is None:
                continue
            end = None
            for step, word in enumerate(phrase[1:], start=1):
                found = next((t for t in at_position.get(position + step, ()) if t.text == word), None)
                if found is None:
                    break
                end = found.end
            else:
                spans.append((first.start, end))
    return _merge(sorted(spans))


def substring_spans(text: str, terms: MatchTerms) -> list[tuple[int, int]]:
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


def passage_hits(passage: StoredPassage, spans: list[tuple[int, int]], score: float, *,
                 every_cue: bool = False, seen: set[int] | None = None) -> list[Hit]:
    """One hit at the cue where the passage's first match starts; with every_cue, one per cue
    holding a match start, with the cue's whole text (for marking a whole transcript)."""
    seen = set() if seen is None else seen
    cues, text = passage.cues, passage.text
    offsets = [cue.offset for cue in cues]
    hits = []
    for span in (spans if every_cue else spans[:1]) or [(0, 0)]:
        first = cue_index(offsets, span[0])
        last = cue_index(offsets, max(span[0], span[1] - 1))
        cue = cues[first]
        if cue.segment_id in seen:
            continue
        seen.add(cue.segment_id)
        cue_end = offsets[first + 1] if first + 1 < len(cues) else len(text)
        snippet_end = offsets[last + 1] if last + 1 < len(cues) else len(text)
        hits.append(Hit(
            segment_id=cue.segment_id, transcript_id=passage.transcript_id, language=passage.language,
            start_ms=cue.start_ms, end_ms=cues[last].end_ms, estimated=cue.estimated,
            text=text[cue.offset:cue_end].strip(),
            snippet_html=snippet(text, spans, cue.offset, cue_end if every_cue else snippet_end, trim=not every_cue),
            score=score,
        ))
    return hits


def snippet(text: str, spans: list[tuple[int, int]], start: int, end: int, *, trim: bool = True) -> str:
    """HTML for text[start:end] (trimmed around the first match when long) with matches marked."""
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    prefix = suffix = ""
    if trim and end - start > SNIPPET_CHARS and inside:
        first = inside[0][0]
        window_start = max(start, _word_start(text, first - _CONTEXT_BEFORE, start))
        window_end = min(end, _word_end(text, window_start + SNIPPET_CHARS, end))
        prefix = "… " if window_start > start else ""
        suffix = " …" if window_end < end else ""
        start, end = window_start, window_end
        inside = [(max(s, start), min(e, end)) for s, e in inside if s < end and e > start]
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
