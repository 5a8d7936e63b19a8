"""Talks as plain dicts for the JSON API: the field names are a published contract."""

from __future__ import annotations

from typing import Any

from .models import Recording, Segment, Talk, Transcript


def speaker_dicts(talk: Talk) -> list[dict[str, str]]:
    return [{"name": s.name, "slug": s.slug} for s in talk.ordered_speakers()]


def talk_summary(talk: Talk) -> dict[str, Any]:
    return {
        "slug": talk.slug,
        "title": talk.title,
        "speakers": speaker_dicts(talk),
        "date": talk.date.isoformat() if talk.date else None,
        "event": talk.event.name if talk.event else None,
        "languages": talk.languages(),
    }


def segment_dict(segment: Segment | None) -> dict[str, Any] | None:
    if segment is None:
        return None
    return {
        "start_seconds": segment.start_seconds,
        "end_seconds": segment.end_seconds,
        "estimated": segment.estimated,
        "text": segment.text,
    }


def recording_dict(recording: Recording) -> dict[str, Any]:
    return {
        "platform": recording.platform,
        "url": recording.url,
        "platform_id": recording.platform_id,
        "duration_seconds": recording.duration_seconds,
    }


def transcript_dict(transcript: Transcript) -> dict[str, Any]:
    ordered = transcript.segments.order_by("position")
    return {
        "id": transcript.pk,
        "language": transcript.language,
        "kind": transcript.kind,
        "timed": transcript.timed,
        "segment_count": transcript.segment_count,
        "first_segment": segment_dict(ordered.first()),
        "last_segment": segment_dict(ordered.last()),
    }


def talk_detail(talk: Talk) -> dict[str, Any]:
    return {
        **talk_summary(talk),
        "recordings": [recording_dict(r) for r in talk.recordings.all()],
        "transcripts": [transcript_dict(t) for t in talk.transcripts.all()],
    }
