"""SRT through `srt` and WebVTT through `webvtt-py`, with the checks those libraries skip.

Both can lose or misread cues silently (srt reads `00:09,000` as nine minutes and glues stray text
to the cue before; webvtt-py drops blocks it cannot read), so every timing line is read and checked
here, and every line outside a cue must be a cue number, an identifier or a WebVTT NOTE/STYLE/REGION."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable

import srt
import webvtt
import webvtt.errors

from .cues import Cue, ParsedFile, ParsedTranscript
from .errors import TranscriptParseError
from .timecodes import check_order, to_ms

_SRT_STAMP = r"\d{1,2}:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_VTT_STAMP = r"(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}"
# Coordinates (`X1:…`) or WebVTT settings may follow the end time.
_SRT_TIMING = re.compile(rf"^\s*({_SRT_STAMP})\s*-->\s*({_SRT_STAMP})(?:\s.*)?$")
_VTT_TIMING = re.compile(rf"^\s*({_VTT_STAMP})\s*-->\s*({_VTT_STAMP})(?:\s.*)?$")
_NEGATIVE = re.compile(r"(?:^|-->)\s*-\s*\d")
_CUE_NUMBER = re.compile(r"[0-9]+")
# WebVTT blocks that hold no speech; webvtt-py skips them, and so may we.
_VTT_NON_CUE = re.compile(r"^(?:NOTE(?:[ \t].*)?|STYLE|REGION)[ \t]*$")
# Formatting that SRT files carry: <i>, <b>, <u>, <font ...> and ASS overrides such as {\an8}.
_SRT_MARKUP = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)
# WebVTT tags start with a letter (<c.x>, <v Ann>, <i>) or are timestamps (<00:01.500>); a `<` followed
# by anything else is text, which webvtt-py would drop up to the next `>`.
_VTT_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
_ANY_TIMING = re.compile(r"^\s*-?\d[\d:,.]*\s*-->\s*-?\d")


def looks_like_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").lstrip().startswith("WEBVTT")


def looks_like_srt(text: str) -> bool:
    """Any `00:01 --> 00:02` line: malformed timings must be refused as SRT, not read as prose."""
    return any(_ANY_TIMING.match(line) for line in text.split("\n", 200)[:200])


def _srt_timing_like(line: str) -> bool:
    # In SRT an arrow between words (`A --> B`) is cue text; an arrow next to a time is a timing line.
    return "-->" in line and re.search(r"\d\s*:\s*\d", line) is not None


def _vtt_timing_like(line: str) -> bool:
    return "-->" in line  # WebVTT cue text cannot hold "-->": readers end the cue there


def _timings(
    lines: list[str], pattern: re.Pattern, form: str, timing_like: Callable[[str], bool]
) -> dict[int, tuple[int, int]]:
    """Line number -> (start_ms, end_ms) of every timing line; a line that looks like one must be one."""
    found = {}
    for number, line in enumerate(lines, start=1):
        if not timing_like(line):
            continue
        if _NEGATIVE.search(line):
            raise TranscriptParseError("a time is negative", line=number)
        match = pattern.match(line)
        if not match:
            raise TranscriptParseError(f"timing line '{line.strip()[:60]}' is not in the form {form}", line=number)
        found[number] = (to_ms(match[1], line=number), to_ms(match[2], line=number))
    if not found:
        raise TranscriptParseError("has no timing lines")
    return found


def _check_srt_layout(lines: list[str], timings: dict[int, tuple[int, int]]) -> None:
    """Text after a blank line must start a cue (number, then timing line), and a timing line must follow
    a blank line or a cue number: otherwise srt glues the text, or the whole next cue, to the cue above."""
    previous = "blank"
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if number in timings:
            if previous in ("text", "timing"):
                after = "cue text" if previous == "text" else "another timing line"
                raise TranscriptParseError(
                    f"timing line right after {after}: a blank line must come first", line=number
                )
            previous = "timing"
        elif not stripped:
            previous = "blank"
        elif _CUE_NUMBER.fullmatch(stripped) and number + 1 in timings:
            previous = "number"
        elif previous == "blank":
            raise TranscriptParseError(
                f"text outside any cue: '{stripped[:60]}' follows a blank line but is not a cue number or timing line",
                line=number,
            )
        else:
            previous = "text"


def parse_srt(text: str) -> ParsedFile:
    lines = text.split("\n")
    timings = _timings(lines, _SRT_TIMING, "HH:MM:SS,mmm --> HH:MM:SS,mmm", _srt_timing_like)
    _check_srt_layout(lines, timings)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        line = text.count("\n", 0, error.expected_start) + 1
        raise TranscriptParseError(f"unexpected text '{error.unmatched_content.strip()[:60]}'", line=line) from None
    if len(subtitles) != len(timings):
        raise TranscriptParseError(f"read {len(timings)} timing lines but the SRT parser found {len(subtitles)} cues")
    # srt reads a short fraction (`01,5`) as milliseconds, so times come from our own strict match.
    cues = [
        Cue(text=" ".join(_SRT_MARKUP.sub("", subtitle.content).split()), start_ms=start, end_ms=end, line=number)
        for subtitle, (number, (start, end)) in zip(subtitles, timings.items())
    ]
    return timed_file("srt", cues)


def _check_vtt_layout(lines: list[str], timings: dict[int, tuple[int, int]]) -> None:
    """A block (lines up to an empty one) that is not the header, a cue or NOTE/STYLE/REGION holds text
    webvtt-py would drop silently. Like webvtt-py, a line of spaces does not end a block."""
    in_block = True  # the header block
    for number, line in enumerate(lines, start=1):
        if not line:
            in_block = False
        elif not line.strip():
            continue  # no words, whichever block webvtt-py puts it in
        elif not in_block and not (number in timings or number + 1 in timings or _VTT_NON_CUE.match(line)):
            raise TranscriptParseError(
                f"text outside any cue: '{line.strip()[:60]}' is not a cue, identifier or NOTE", line=number
            )
        else:
            in_block = True


def parse_vtt(text: str) -> ParsedFile:
    lines = text.split("\n")
    timings = _timings(lines, _VTT_TIMING, "HH:MM:SS.mmm --> HH:MM:SS.mmm", _vtt_timing_like)
    _check_vtt_layout(lines, timings)
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except webvtt.errors.MalformedFileError as error:
        raise TranscriptParseError(f"not valid WebVTT: {error}", line=1) from None
    read = [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in captions]
    for index, (number, times) in enumerate(timings.items()):
        if index >= len(read) or read[index] != times:
            raise TranscriptParseError("the WebVTT parser could not read this cue", line=number)
    if len(read) != len(timings):
        raise TranscriptParseError(f"read {len(timings)} timing lines but the WebVTT parser found {len(read)} cues")
    cues = [
        Cue(
            text=" ".join(html.unescape(_VTT_MARKUP.sub("", "\n".join(caption.lines))).split()),
            start_ms=start, end_ms=end, line=number, speaker_label=caption.voice or "",
        )
        for caption, (number, (start, end)) in zip(captions, timings.items())
    ]
    return timed_file("vtt", cues)


def timed_file(form: str, cues: list[Cue]) -> ParsedFile:
    transcript = ParsedTranscript(cues=cues, timed=True)
    check_order(cues, transcript.warnings)
    return ParsedFile(format=form, encoding="", transcripts=[transcript])
