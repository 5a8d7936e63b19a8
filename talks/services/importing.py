"""import_transcript(): one file into the archive, all or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import transaction

from talks.models import Recording, SourceFile, Talk, Transcript
from talks.parsing import ParsedFile, detect_language, normalise_language_tag, parse_transcript
from talks.platforms import recognise

from .changes import announce
from .errors import ImportRefused
from .metadata import ImportMetadata, RecordingInfo, TranscriptInfo
from .segments import ResolvedTurn, SpeakerPlan, store_segments
from .talks import attach_people, get_or_create_recording, resolve_talk

_DEFAULT_KIND = {"whisper": "asr", "scraped-page": "asr", "youtube-page": "asr"}


@dataclass
class ImportResult:
    talk: Talk
    transcripts: list[Transcript]
    created: bool
    warnings: list[str] = field(default_factory=list)


def import_transcript(
    *,
    data: bytes,
    filename: str,
    talk_slug: str | None = None,
    title: str | None = None,
    language: str | None = None,
    recording_url: str | None = None,
    format: str | None = None,
    metadata: ImportMetadata | None = None,
) -> ImportResult:
    """Parse `data` and store it as one transcript per language, or raise and store nothing.

    The same bytes imported again change nothing (`created` is False). Options given here win over
    the metadata file, which wins over what the file says about itself."""
    digest = hashlib.sha256(data).hexdigest()
    source = SourceFile.objects.filter(sha256=digest).first()
    if source is not None and source.transcripts.exists():
        transcripts = list(source.transcripts.select_related("talk"))
        return ImportResult(talk=transcripts[0].talk, transcripts=transcripts, created=False)
    metadata = metadata or ImportMetadata()
    parsed, languages = _parse_checked(data=data, filename=filename, language=language, format=format, metadata=metadata)
    display_name = PurePath(filename).name

    with transaction.atomic():
        talk = resolve_talk(
            slug=talk_slug or metadata.talk_slug,
            title=title or metadata.title or parsed.metadata.title or PurePath(filename).stem,
            metadata=metadata,
            summary_from_file=parsed.metadata.summary,
        )
        people = attach_people(talk=talk, metadata=metadata)
        own_recording = _own_recording(talk, parsed, metadata, recording_url, filename)
        if source is None:
            source = SourceFile.objects.create(filename=display_name, content=data, sha256=digest, size=len(data))
        transcripts, warnings = [], []
        for section_number, (section, tag) in enumerate(zip(parsed.transcripts, languages)):
            info = metadata.transcript_info(tag)
            recording = _recording_for(talk, info, own_recording, explicit=recording_url, filename=filename)
            transcript = Transcript.objects.create(
                talk=talk,
                recording=recording,
                language=tag,
                kind=info.kind or _DEFAULT_KIND.get(parsed.format, Transcript.Kind.SUBTITLES),
                timed=section.timed,
                source_file=source,
                source_section=section_number,
                source_format=parsed.format,
                source_encoding=parsed.encoding,
            )
            store_segments(transcript=transcript, section=section, recording=recording,
                           speakers=_speaker_plan(info, people, timed=section.timed))
            transcripts.append(transcript)
            warnings.extend(f"{display_name} [{tag}] {w}" for w in section.warnings)
        announce(changed=[t.pk for t in transcripts])
    return ImportResult(talk=talk, transcripts=transcripts, created=True, warnings=warnings)


def check_transcript(
    *, data: bytes, filename: str, language: str | None = None, format: str | None = None, metadata: ImportMetadata | None = None
) -> None:
    """Raise what import_transcript() would raise about the file itself, writing nothing."""
    _parse_checked(data=data, filename=filename, language=language, format=format, metadata=metadata or ImportMetadata())


def _parse_checked(*, data, filename, language, format, metadata) -> tuple[ParsedFile, list[str]]:
    limit = settings.TRANSCRIPT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(f"{filename}: the file is {len(data):,} bytes; the limit is {limit:,}")
    parsed = parse_transcript(data, filename=filename, format=format)
    refuse_too_many_cues(filename=filename, count=parsed.cue_count)
    return parsed, _languages(parsed, filename=filename, override=language, metadata=metadata)


def refuse_too_many_cues(*, filename: str, count: int) -> None:
    """A transcript's cues are capped (TRANSCRIPT_MAX_CUES): every page, export and index write of it
    grows with them."""
    limit = settings.TRANSCRIPT_MAX_CUES
    if count > limit:
        raise ImportRefused(f"{filename}: holds {count:,} cues; the limit is {limit:,} (TRANSCRIPT_MAX_CUES)")


def _languages(parsed: ParsedFile, *, filename: str, override: str | None, metadata: ImportMetadata) -> list[str]:
    sections = parsed.transcripts
    given = override or metadata.transcript.language
    if given and len(sections) > 1:
        found = ", ".join(s.language or "?" for s in sections)
        raise ImportRefused(f"{filename}: holds {len(sections)} transcripts ({found}); a single --language cannot name them all")
    tags = []
    for section in sections:
        tag = given or section.language or detect_language(" ".join(c.text for c in section.cues))
        if not tag:
            raise ImportRefused(f"{filename}: cannot tell which language the text is in; give --language")
        try:
            tags.append(normalise_language_tag(tag))
        except ValueError as error:
            raise ImportRefused(f"{filename}: {error}") from None
    return tags


def _own_recording(talk, parsed, metadata, recording_url, filename) -> Recording | None:
    """Create every recording the options, metadata and file name; return the one the file itself names."""
    for info in metadata.recordings:
        get_or_create_recording(talk, info, filename=filename)
    if recording_url:
        return get_or_create_recording(talk, RecordingInfo(url=recording_url), filename=filename)
    if parsed.metadata.url:
        own = RecordingInfo(url=parsed.metadata.url, duration_seconds=parsed.metadata.duration_seconds)
        return get_or_create_recording(talk, own, filename=filename)
    return None


def _recording_for(talk, info: TranscriptInfo, own: Recording | None, *, explicit: str | None, filename: str) -> Recording | None:
    if explicit or info.recording is None:
        return own
    if info.recording == "":
        return None
    url = recognise(info.recording).url
    match = talk.recordings.filter(url=url).first()
    if match is None:
        raise ImportRefused(f"{filename}: transcript.recording {info.recording} is not among the talk's recordings")
    return match


def _speaker_plan(info: TranscriptInfo, people, *, timed: bool) -> SpeakerPlan:
    """Cue labels name speakers; the metadata's speaker turns apply to timed cues without one."""
    turns = [ResolvedTurn(start_ms=t.start_ms, speaker=people.get(t.speaker.casefold())) for t in info.speaker_turns] if timed else []
    return SpeakerPlan(by_name=people, turns=sorted(turns, key=lambda turn: turn.start_ms))
