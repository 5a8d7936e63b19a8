"""Untimed text into readable segments, and estimated times for them."""

from __future__ import annotations

import dataclasses
import re

from .chinese import cut_words, han_ratio
from .cues import Cue

# Chinese ASR has no punctuation at all: the brief asks for chunks of about 40-80 characters.
CJK_MIN, CJK_MAX = 40, 80
# Unpunctuated English captions: chunks of about one spoken sentence.
LATIN_MIN, LATIN_MAX = 120, 240

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "cf", "approx", "jr", "sr"}
_LATIN_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_CJK_END = re.compile(r"[。！？!?；;…]+[”’」』）)]*\s*")


def split_sentences(text: str) -> list[str]:
    """Sentences of punctuated text; text without punctuation comes back whole."""
    pieces: list[str] = []
    start = 0
    for match in re.finditer(f"{_LATIN_END.pattern}|{_CJK_END.pattern}", text):
        before = text[start : match.start()]
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if match.group().startswith(".") and last_word.rstrip(".") in _ABBREVIATIONS:
            continue
        if match.end() < len(text) and text[match.end()].islower():
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def chunk(text: str) -> list[str]:
    """Cut a long stretch at word boundaries into pieces of readable length."""
    if han_ratio(text) > 0.3:
        words, low, high = cut_words(text), CJK_MIN, CJK_MAX
    else:
        words, low, high = re.findall(r"\S+\s*", text), LATIN_MIN, LATIN_MAX
    if len(text) <= high:
        return [text.strip()]
    pieces, current = [], ""
    for word in words:
        if current and len(current) + len(word.rstrip()) > high:
            pieces.append(current)
            current = ""
        current += word
        # A space inside Chinese ASR marks a pause: the best place to cut once long enough.
        if len(current) >= low and (word.isspace() or word.endswith(" ") or len(current) >= (low + high) // 2):
            pieces.append(current)
            current = ""
    if current.strip():
        if pieces and len(current.strip()) < low // 3:
            pieces[-1] += current
        else:
            pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def segment_untimed(text: str, *, first_line: int = 1) -> list[Cue]:
    """Paragraphs, then sentences, then chunks; each cue remembers the line it starts on."""
    cues: list[Cue] = []
    line = first_line
    for paragraph in re.split(r"(\n\s*\n)", text):
        if paragraph.strip() and not paragraph.isspace():
            offset = len(paragraph) - len(paragraph.lstrip())
            para_line = line + paragraph.count("\n", 0, offset)
            flat = " ".join(paragraph.split()) if han_ratio(paragraph) <= 0.3 else re.sub(r"\s*\n\s*", "", paragraph.strip())
            for sentence in split_sentences(flat):
                cues.extend(Cue(text=piece, line=para_line) for piece in chunk(sentence))
        line += paragraph.count("\n")
    return cues


def estimate_times(cues: list[Cue], *, duration_ms: int) -> list[Cue]:
    """Spread untimed cues over the recording in proportion to their length, flagged as estimates."""
    weights = [max(1, len(cue.text.replace(" ", ""))) for cue in cues]
    total = sum(weights)
    estimated, before = [], 0
    for cue, weight in zip(cues, weights):
        start = round(duration_ms * before / total)
        before += weight
        end = round(duration_ms * before / total)
        estimated.append(dataclasses.replace(cue, start_ms=start, end_ms=end, estimated=True))
    return estimated
