"""The optional metadata file beside a transcript (`talk.srt` → `talk.meta.toml`): what the
transcript itself cannot say — the talk, its speakers, event, date, recordings."""

from __future__ import annotations

import dataclasses
import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talks.parsing.timecodes import to_ms

from .errors import ImportRefused


@dataclass(frozen=True)
class SpeakerInfo:
    name: str
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventInfo:
    name: str
    date: datetime.date | None = None
    place: str = ""


@dataclass(frozen=True)
class RecordingInfo:
    url: str
    duration_seconds: int | None = None


@dataclass(frozen=True)
class SpeakerTurn:
    start_ms: int
    speaker: str


@dataclass(frozen=True)
class TranscriptInfo:
    language: str | None = None
    kind: str | None = None
    # None: not said; "": the times belong to no known recording; else the recording's URL.
    recording: str | None = None
    speaker_turns: tuple[SpeakerTurn, ...] = ()


@dataclass(frozen=True)
class ImportMetadata:
    talk_slug: str | None = None
    title: str | None = None
    date: datetime.date | None = None
    summary: str | None = None
    event: EventInfo | None = None
    speakers: tuple[SpeakerInfo, ...] = ()
    recordings: tuple[RecordingInfo, ...] = ()
    transcript: TranscriptInfo = field(default_factory=TranscriptInfo)
    by_language: dict[str, TranscriptInfo] = field(default_factory=dict)

    def transcript_info(self, language: str) -> TranscriptInfo:
        specific = self.by_language.get(language)
        if specific is None:
            return self.transcript
        return TranscriptInfo(
            language=specific.language or self.transcript.language,
            kind=specific.kind or self.transcript.kind,
            recording=specific.recording if specific.recording is not None else self.transcript.recording,
            speaker_turns=specific.speaker_turns or self.transcript.speaker_turns,
        )


def metadata_path_for(transcript_path: Path) -> Path:
    return transcript_path.with_suffix(".meta.toml")


def load_metadata(path: Path) -> ImportMetadata:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused(f"{path}: not valid TOML: {error}") from None
    try:
        return _metadata(raw)
    except KeyError as error:
        raise ImportRefused(f"{path}: a required key is missing: {error}") from None
    except (TypeError, ValueError) as error:
        raise ImportRefused(f"{path}: {error}") from None


def _table(raw: dict, key: str, allowed: set[str]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise TypeError(f"[{key}] must be a table")
    unknown = set(value) - allowed
    if unknown:
        raise ValueError(f"[{key}] has unknown keys: {', '.join(sorted(unknown))} (known: {', '.join(sorted(allowed))})")
    return value


def _date(value: Any, where: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    raise TypeError(f"{where} must be a TOML date such as 2024-12-13")


def _transcript_info(raw: dict[str, Any]) -> TranscriptInfo:
    turns = []
    for turn in raw.get("speaker_turns", []):
        turns.append(SpeakerTurn(start_ms=to_ms(str(turn["at"])), speaker=str(turn["speaker"])))
    return TranscriptInfo(
        language=raw.get("language"), kind=raw.get("kind"), recording=raw.get("recording"), speaker_turns=tuple(turns)
    )


def _metadata(raw: dict[str, Any]) -> ImportMetadata:
    unknown = set(raw) - {"talk", "event", "speakers", "recordings", "transcript"}
    if unknown:
        raise ValueError(f"unknown sections: {', '.join(sorted(unknown))}")
    talk = _table(raw, "talk", {"slug", "title", "date", "summary"})
    event = _table(raw, "event", {"name", "date", "place"})
    transcript = _table(raw, "transcript", {"language", "kind", "recording", "speaker_turns", "languages"})
    languages = transcript.get("languages", {})
    return ImportMetadata(
        talk_slug=talk.get("slug"),
        title=talk.get("title"),
        date=_date(talk.get("date"), "talk.date"),
        summary=talk.get("summary"),
        event=EventInfo(name=event["name"], date=_date(event.get("date"), "event.date"), place=event.get("place", ""))
        if event
        else None,
        speakers=tuple(
            SpeakerInfo(name=s["name"], other_names=tuple(s.get("other_names", []))) for s in raw.get("speakers", [])
        ),
        recordings=tuple(
            RecordingInfo(url=r["url"], duration_seconds=r.get("duration_seconds")) for r in raw.get("recordings", [])
        ),
        transcript=_transcript_info(transcript),
        by_language={tag: _transcript_info(info) for tag, info in languages.items()},
    )


def metadata_to_json(metadata: ImportMetadata) -> dict[str, Any]:
    """The metadata as JSON values (dates in ISO form), for a job that imports in the background."""
    return _jsonable(dataclasses.asdict(metadata))


def metadata_from_json(raw: dict[str, Any]) -> ImportMetadata:
    """What metadata_to_json() gave, back as ImportMetadata."""
    event = raw.get("event")
    return ImportMetadata(
        talk_slug=raw.get("talk_slug"), title=raw.get("title"), date=_iso_date(raw.get("date")), summary=raw.get("summary"),
        event=EventInfo(name=event["name"], date=_iso_date(event.get("date")), place=event.get("place", "")) if event else None,
        speakers=tuple(SpeakerInfo(name=s["name"], other_names=tuple(s.get("other_names", ()))) for s in raw.get("speakers", ())),
        recordings=tuple(RecordingInfo(**r) for r in raw.get("recordings", ())),
        transcript=_transcript_from_json(raw.get("transcript") or {}),
        by_language={tag: _transcript_from_json(info) for tag, info in (raw.get("by_language") or {}).items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _iso_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _transcript_from_json(raw: dict[str, Any]) -> TranscriptInfo:
    return TranscriptInfo(language=raw.get("language"), kind=raw.get("kind"), recording=raw.get("recording"),
                          speaker_turns=tuple(SpeakerTurn(**turn) for turn in raw.get("speaker_turns", ())))
