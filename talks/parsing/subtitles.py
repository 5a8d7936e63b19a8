"""SRT through `srt` and WebVTT through `webvtt-py`, with the checks those libraries skip:
both can lose or misread cues silently, so every timing line is counted and checked here."""

from __future__ import annotations

import html
import io
import re

import srt
import webvtt
import webvtt.errors

from .cues import Cue, ParsedFile, ParsedTranscript
from .errors import TranscriptParseError
from .timecodes import check_order, to_ms

_ARROW = re.compile(r"-->")
_SRT_TIMING = re.compile(r"^\s*(\d+:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(\d+:\d{2}:\d{2}[,.]\d{1,3})(?:\s+.*)?$")
_VTT_TIMING = re.compile(r"^\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s+.*)?$")
# Formatting that SRT files carry: <i>, <b>, <u>, <font ...> and ASS overrides such as {\an8}.
_SRT_MARKUP = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


def looks_like_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").lstrip().startswith("WEBVTT")


_ANY_TIMING = re.compile(r"^\s*\d[\d:,.]*\s*-->\s*\d")


def looks_like_srt(text: str) -> bool:
    """Any `00:01 --> 00:02` line: malformed timings must be refused as SRT, not read as prose."""
    return any(_ANY_TIMING.match(line) for line in text.split("\n", 200)[:200])


def _timing_lines(text: str, pattern: re.Pattern, form: str) -> list[tuple[int, re.Match]]:
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _ARROW.search(line):
            match = pattern.match(line)
            if not match:
                raise TranscriptParseError(f"timing line '{line.strip()[:60]}' is not in the form {form}", line=number)
            found.append((number, match))
    if not found:
        raise TranscriptParseError("has no timing lines")
    return found


def parse_srt(text: str) -> ParsedFile:
    timings = _timing_lines(text, _SRT_TIMING, "HH:MM:SS,mmm --> HH:MM:SS,mmm")
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        line = text.count("\n", 0, error.expected_start) + 1
        raise TranscriptParseError(f"unexpected text '{error.unmatched_content.strip()[:60]}'", line=line) from None
    if len(subtitles) != len(timings):
        raise TranscriptParseError(f"read {len(timings)} timing lines but the SRT parser found {len(subtitles)} cues")
    cues = []
    for subtitle, (number, match) in zip(subtitles, timings):
        if "\n\n" in subtitle.content.strip("\n"):
            junk_at = number + subtitle.content.strip("\n").split("\n\n")[0].count("\n") + 3
            raise TranscriptParseError("text outside any cue (after a blank line, before the next timing line)", line=junk_at)
        # srt reads a short `00:09,000` as minutes, so times come from our own strict match.
        text_lines = _SRT_MARKUP.sub("", subtitle.content).strip()
        cues.append(Cue(text=" ".join(text_lines.split()), start_ms=to_ms(match[1], line=number), end_ms=to_ms(match[2], line=number), line=number))
    return _timed_file("srt", cues)


def parse_vtt(text: str) -> ParsedFile:
    timings = _timing_lines(text, _VTT_TIMING, "HH:MM:SS.mmm --> HH:MM:SS.mmm")
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except webvtt.errors.MalformedFileError as error:
        raise TranscriptParseError(f"not valid WebVTT: {error}", line=1) from None
    kept = {(c.start, c.end) for c in captions}
    for number, match in timings:
        if (_vtt_stamp(match[1]), _vtt_stamp(match[2])) not in kept:
            raise TranscriptParseError("the WebVTT parser could not read this cue", line=number)
    if len(captions) != len(timings):
        raise TranscriptParseError(f"read {len(timings)} timing lines but the WebVTT parser found {len(captions)} cues")
    cues = []
    for caption, (number, match) in zip(captions, timings):
        cues.append(
            Cue(
                text=" ".join(html.unescape(caption.text).split()),
                start_ms=to_ms(match[1], line=number),
                end_ms=to_ms(match[2], line=number),
                line=number,
                speaker_label=caption.voice or "",
            )
        )
    return _timed_file("vtt", cues)


def _vtt_stamp(stamp: str) -> str:
    return stamp if stamp.count(":") == 2 else f"00:{stamp}"


def _timed_file(form: str, cues: list[Cue]) -> ParsedFile:
    transcript = ParsedTranscript(cues=cues, timed=True)
    check_order(cues, transcript.warnings)
    return ParsedFile(format=form, encoding="", transcripts=[transcript])
