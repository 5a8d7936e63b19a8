"""Bracketed cue files: `[MM:SS.mmm –> MM:SS.mmm]` blocks with text below (several languages under
headings such as `Deutsch:`), and Whisper's `[HH:MM:SS.mmm --> HH:MM:SS.mmm]   text` lines."""

from __future__ import annotations

import re

import langcodes

from .cues import Cue, ParsedFile, ParsedTranscript, SourceMetadata
from .errors import TranscriptParseError
from .timecodes import TIMESTAMP, check_order, to_ms

TIMING_LINE = re.compile(
    rf"^\s*\[\s*(?P<start>{TIMESTAMP})\s*(?:-->|–>|—>|->)\s*(?P<end>{TIMESTAMP})\s*\](?P<rest>.*)$"
)
# Whisper writes non-speech as [BLANK_AUDIO], [APPLAUSE] or (audience laughs): not words anyone said.
_SOUND_ONLY = re.compile(r"^\s*(?:\[(?P<bracket>[^\]]+)\]|\((?P<paren>[^)]+)\))\s*$")
_INLINE_SOUND = re.compile(r"\[(?P<sound>[A-Z][A-Z _]*)\]")
_FOOTER_FIELD = re.compile(r"^(?P<key>[A-Z][\w ]{0,30}):\s+(?P<value>.+)$")


def looks_bracketed(text: str) -> bool:
    return any(TIMING_LINE.match(line) for line in text.split("\n", 200)[:200])


def heading_language(line: str) -> str | None:
    """`Deutsch:`, `Türkçe`, `Original (English):` name a language; anything else does not."""
    name = line.strip().removesuffix(":").strip()
    if not name or len(name) > 40:
        return None
    inner = re.search(r"\(([^)]+)\)", name)
    candidates = [inner.group(1)] if inner else []
    if line.strip().endswith(":") or " " not in name:
        candidates.append(name)
    for candidate in candidates:
        try:
            return langcodes.find(candidate.strip()).to_tag()
        except LookupError:
            continue
    return None


def split_sound(text: str) -> tuple[str, str]:
    """Return (spoken text, non-speech markers)."""
    only = _SOUND_ONLY.match(text)
    if only:
        return "", (only["bracket"] or only["paren"]).strip()
    sounds = _INLINE_SOUND.findall(text)
    if not sounds:
        return text, ""
    return " ".join(_INLINE_SOUND.sub(" ", text).split()), "; ".join(sounds)


class _Builder:
    def __init__(self) -> None:
        self.sections: list[ParsedTranscript] = []
        self.preamble: list[str] = []
        self.stray: list[tuple[int, str]] = []
        self.cue: dict | None = None
        self.cue_open = False
        self.same_line_text = 0
        self.timing_lines = 0

    def section(self) -> ParsedTranscript:
        if not self.sections:
            self.sections.append(ParsedTranscript(cues=[], timed=True))
        return self.sections[-1]

    def refuse_stray(self) -> None:
        if self.stray:
            number, text = self.stray[0]
            raise TranscriptParseError(f"text outside any cue: '{text[:60]}'", line=number)

    def finish_cue(self) -> None:
        if self.cue is not None:
            text, sound = split_sound(" ".join(self.cue["lines"]))
            self.section().cues.append(
                Cue(text=text, start_ms=self.cue["start"], end_ms=self.cue["end"], line=self.cue["line"], sound=sound)
            )
        self.cue = None
        self.cue_open = False

    def timing(self, number: int, match: re.Match) -> None:
        self.refuse_stray()
        self.finish_cue()
        self.timing_lines += 1
        rest = match["rest"].strip()
        self.same_line_text += bool(rest)
        self.cue = {
            "start": to_ms(match["start"], line=number),
            "end": to_ms(match["end"], line=number),
            "line": number,
            "lines": [rest] if rest else [],
        }
        self.cue_open = True

    def other(self, number: int, line: str) -> None:
        if self.cue_open:
            self.cue["lines"].append(line)
            return
        language = heading_language(line)
        if language:
            self.refuse_stray()
            if self.sections and not self.sections[-1].cues:
                raise TranscriptParseError(f"the heading '{self.sections[-1].heading}' has no cues", line=self.sections[-1].heading_line)
            self.sections.append(ParsedTranscript(cues=[], timed=True, language=language, heading=line, heading_line=number))
        elif not self.sections:
            self.preamble.append(line)
        else:
            self.stray.append((number, line))


def parse_bracketed(text: str) -> ParsedFile:
    builder = _Builder()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        match = TIMING_LINE.match(line)
        if match:
            builder.timing(number, match)
        elif not line:
            builder.finish_cue()
        else:
            builder.other(number, line)
    builder.finish_cue()
    sections = builder.sections
    if sections and not sections[-1].cues:
        raise TranscriptParseError(f"the heading '{sections[-1].heading}' has no cues", line=sections[-1].heading_line)
    kept = sum(len(s.cues) for s in sections)
    if kept != builder.timing_lines:  # never drop a cue silently
        raise TranscriptParseError(f"read {builder.timing_lines} timing lines but kept {kept} cues")
    _refuse_repeated_languages(sections)
    for section in sections:
        check_order(section.cues, section.warnings)
    metadata = SourceMetadata(title=builder.preamble[0] if builder.preamble else "")
    if len(builder.preamble) > 1:
        metadata.summary = "\n".join(builder.preamble[1:])
    for _, line in builder.stray:
        field = _FOOTER_FIELD.match(line)
        if field:
            metadata.extra[field["key"].lower()] = field["value"].strip()
        else:
            metadata.extra.setdefault("footer", "")
            metadata.extra["footer"] = (metadata.extra["footer"] + "\n" + line).strip()
    style = "whisper" if builder.same_line_text * 2 > builder.timing_lines else "bracketed"
    return ParsedFile(format=style, encoding="", transcripts=sections, metadata=metadata)


def _refuse_repeated_languages(sections: list[ParsedTranscript]) -> None:
    seen: dict[str, ParsedTranscript] = {}
    for section in sections:
        if section.language and section.language in seen:
            raise TranscriptParseError(
                f"language '{section.language}' has a second section (first at line {seen[section.language].heading_line})",
                line=section.heading_line,
            )
        if section.language:
            seen[section.language] = section
