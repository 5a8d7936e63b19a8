"""Previewing a staged file: everything the admin needs to decide, without writing anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talks.models import StagedFile
from talks.parsing import TranscriptParseError, detect_language, normalise_language_tag, same_language
from talks.parsing.cues import CueOverlap
from talks.parsing.sampling import parse_sample
from talks.parsing.timecodes import format_ms

from .archived import ArchivedCopy, archived_copies
from .importing import refuse_too_many_cues


@dataclass
class FilePreview:
    name: str
    format: str = ""
    encoding: str = ""
    languages: list[str] = field(default_factory=list)
    segment_count: int = 0
    timed: bool = False
    first_cues: list[tuple[str, str]] = field(default_factory=list)
    last_cues: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    archived: list[ArchivedCopy] = field(default_factory=list)  # the same bytes, already imported


def preview(*, staged_file: StagedFile, language: str = "", format: str = "", duration_seconds: int | None = None) -> FilePreview:
    """Everything the admin needs to decide, without writing anything."""
    result = FilePreview(name=staged_file.name, archived=archived_copies(content=bytes(staged_file.content)))
    try:
        sample = parse_sample(bytes(staged_file.content), filename=staged_file.name, format=format or None)
        refuse_too_many_cues(filename=staged_file.name, count=sample.cue_count)
        chosen = normalise_language_tag(language) if language else None
    except (TranscriptParseError, ValueError) as error:
        result.error = str(error)
        return result
    parsed = sample.parsed
    result.format, result.encoding = parsed.format, parsed.encoding
    for section in parsed.transcripts:
        text = " ".join(cue.text for cue in section.cues[:400])
        detected = detect_language(text)
        tag = chosen or section.language or detected or "?"
        result.languages.append(tag)
        if chosen and detected and not same_language(detected, chosen):
            result.warnings.append(_("the text looks like %(detected)s, not %(chosen)s") % {"detected": detected, "chosen": chosen})
        result.warnings.extend(_overlap(warning) for warning in section.warnings)
        long_cues = [c for c in section.cues if c.start_ms is not None and c.end_ms - c.start_ms > 3_600_000]
        if long_cues:
            result.warnings.append(ngettext("%(count)d cue over an hour long (first at line %(line)s)",
                                            "%(count)d cues over an hour long (first at line %(line)s)",
                                            len(long_cues)) % {"count": len(long_cues), "line": long_cues[0].line})
        if not section.timed:
            result.warnings.append(
                _("untimed: times will be estimated over the recording's length")
                if duration_seconds or parsed.metadata.duration_seconds
                else _("untimed: no times, and no recording length to estimate them from")
            )
    if len(parsed.transcripts) > 1 and chosen:
        result.error = f"{staged_file.name}: holds {len(parsed.transcripts)} languages; leave the language empty"
    cues = [cue for section in parsed.transcripts for cue in section.cues] + sample.last_cues
    result.segment_count = sample.cue_count
    result.timed = all(section.timed for section in parsed.transcripts)
    show = lambda cue: ("" if cue.start_ms is None else format_ms(cue.start_ms), cue.text or f"[{cue.sound}]")  # noqa: E731
    first, last = preview_cue_ranges(len(cues))
    result.first_cues = [show(c) for c in cues[first]]
    result.last_cues = [show(c) for c in cues[last]]
    if sample.sampled_chars:
        result.warnings.append(_sampled(sample))
    return result


def _sampled(sample) -> str:
    return _("previewed from a sample (%(sampled)s of %(total)s characters, from both ends): the %(cues)s cues are "
             "counted from the timing lines; language and warnings come from the sample") % {
        "sampled": f"{sample.sampled_chars:,}", "total": f"{sample.total_chars:,}", "cues": f"{sample.cue_count:,}"}


PREVIEW_CUES = 3  # shown from each end of a file


def preview_cue_ranges(count: int) -> tuple[slice, slice]:
    """The first and last cues a preview shows: every cue once when they all fit (fewer than seven), never one twice."""
    if count < 2 * PREVIEW_CUES + 1:
        return slice(0, count), slice(0, 0)
    return slice(0, PREVIEW_CUES), slice(count - PREVIEW_CUES, count)


def _overlap(warning: CueOverlap) -> str:
    return _("line %(line)s: cue starting %(start)s overlaps an earlier one (which ends %(end)s); kept in file order") % {
        "line": warning.line, "start": format_ms(warning.start_ms), "end": format_ms(warning.earlier_end_ms)}
