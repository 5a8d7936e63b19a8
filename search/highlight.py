"""Highlighting for every backend: where the query matched inside a passage, the cue (and second)
where each match starts, and the snippet for it: the text HTML-escaped, with only <mark> added.
Backends give the analysed words of the passage (search.tokens.Token) and the words the query
looked for; PostgreSQL's ts_headline cannot give offsets, so both backends use this."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
import re
from html import escape

from talks.parsing.chinese import cut_words
from talks.parsing.scripts import is_han

from .backends.base import Hit
from .normalize import normalize, original_offset, same_length_simplified
from .passages import cue_index
from .tokens import Token

SNIPPET_CHARS = 260
_CONTEXT_BEFORE = 80
HAN_SNIPPET_CHARS = 110  # a Chinese character says about as much as two or three Latin letters
_HAN_CONTEXT_BEFORE = 35
_HAN_WINDOW = 12  # characters either side of a cut that jieba reads to find a word boundary


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
    """HTML for text[start:end] with matches marked. With trim, a long text is cut around the first match
    at word boundaries (jieba's words for Chinese), and an ellipsis shows wherever a sentence was cut:
    at the window's edges and where the cue starts or ends inside a sentence of the passage."""
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    cut_before = cut_after = False
    if trim:
        first = inside[0][0] if inside else start
        length, before = (HAN_SNIPPET_CHARS, _HAN_CONTEXT_BEFORE) if is_han(text[first:first + 1]) else (
            SNIPPET_CHARS, _CONTEXT_BEFORE)
        if end - start > length and inside:
            window_start = max(start, _word_start(text, first - before, start))
            window_end = min(end, _word_end(text, window_start + length, end))
            start, end = window_start, window_end
            inside = [(max(s, start), min(e, end)) for s, e in inside if s < end and e > start]
        cut_before = start > 0 and not _SENTENCE_END.search(text[:start].rstrip()[-2:] or ".")
        cut_after = end < len(text.rstrip()) and not _SENTENCE_END.search(text[:end].rstrip()[-2:])
    html, cursor = [], start
    for s, e in inside:
        html.append(escape(text[cursor:s]))
        html.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    html.append(escape(text[cursor:end]))
    body = "".join(html).strip()
    shown = text[start:end].strip()
    if cut_before and shown:
        body = ("…" if is_han(shown[0]) else "… ") + body
    if cut_after and shown:
        body += "…" if is_han(shown[-1]) else " …"
    return body


# A sentence ends with . ! ? (or the Chinese 。！？…), perhaps followed by a closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)）」』]?$")


def _word_start(text: str, index: int, floor: int) -> int:
    """The start of the word at index (not before floor)."""
    if index <= floor:
        return floor
    if is_han(text[index]):
        return _han_boundary(text, index, floor, len(text))
    space = text.rfind(" ", floor, index)
    return space + 1 if space >= 0 else index


def _word_end(text: str, index: int, ceiling: int) -> int:
    """The end of the word at index (not after ceiling)."""
    if index >= ceiling:
        return ceiling
    if is_han(text[index]):
        return _han_boundary(text, index, 0, ceiling)
    space = text.find(" ", index, ceiling)
    return space if space >= 0 else index


def _han_boundary(text: str, index: int, floor: int, ceiling: int) -> int:
    """The start of jieba's word holding text[index] (Chinese has no spaces to cut at)."""
    window_start = max(floor, index - _HAN_WINDOW)
    boundary, cursor = window_start, window_start
    for word in cut_words(text[window_start:min(ceiling, index + _HAN_WINDOW)]):
        if cursor > index:
            break
        boundary, cursor = cursor, cursor + len(word)
    return boundary
