"""A transcript as SRT, WebVTT, plain text or JSON. Subtitle formats are written by the same libraries
that read them (`srt`, `webvtt-py`); only timed transcripts with times read from the file export to them.

Speakers, where known: WebVTT names the voice of every cue (`<v Name>`, which players can style); SRT and
text, which have no voice markup, put `Name:` before the first cue of each change of speaker. Subtitle
cues are broken into lines by `subtitle_lines.wrap_cue`."""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Sequence

import srt
import webvtt

from .models import Segment, Transcript
from .subtitle_lines import wrap_cue

SUBTITLE_FORMATS = ("srt", "vtt")
FORMATS = {
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


class NotExportable(ValueError):
    pass


def cue_text(segment: Segment) -> str:
    """What a subtitle shows: the words, or the non-speech marker in brackets."""
    return segment.text or (f"[{segment.sound}]" if segment.sound else "")


def speaker_turns(segments: Sequence[Segment]) -> list[str | None]:
    """For each cue, the speaker's name when a new speaker starts there, else None. A cue without a
    speaker (applause, an unattributed line) does not end the turn of the one before it."""
    names, current = [], None
    for segment in segments:
        name = segment.speaker.name if segment.speaker_id else None
        names.append(name if name and name != current else None)
        current = name or current
    return names


def _labelled(name: str | None, text: str) -> str:
    return f"{name}: {text}" if name else text


def formats_for(transcript: Transcript) -> list[str]:
    """Estimated times are guesses: they go into text and JSON (marked), never into subtitle files."""
    return list(FORMATS) if transcript.timed else ["txt", "json"]


def export(transcript: Transcript, segments: Sequence[Segment], form: str) -> str:
    if form not in formats_for(transcript):
        raise NotExportable(f"{form.upper()} needs times read from the file; this transcript is untimed.")
    return {"srt": _srt, "vtt": _vtt, "txt": _txt, "json": _json}[form](transcript, segments)


def _srt(transcript, segments) -> str:
    return srt.compose(
        [
            srt.Subtitle(index=number, start=datetime.timedelta(milliseconds=s.start_ms),
                         end=datetime.timedelta(milliseconds=s.end_ms), content=wrap_cue(_labelled(name, cue_text(s))))
            for number, (s, name) in enumerate(zip(segments, speaker_turns(segments)), start=1)
        ],
        reindex=False,
    )


def _stamp(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _vtt(transcript, segments) -> str:
    captions = [
        webvtt.Caption(start=_stamp(s.start_ms), end=_stamp(s.end_ms), text=_voiced(s))
        for s in segments
    ]
    return webvtt.WebVTT(captions=captions).content


def _voiced(segment: Segment) -> str:
    text = html.escape(wrap_cue(cue_text(segment)), quote=False)
    if not segment.speaker_id:
        return text
    return f"<v {html.escape(segment.speaker.name)}>{text}"


def _txt(transcript, segments) -> str:
    lines = []
    for s, name in zip(segments, speaker_turns(segments)):
        text = _labelled(name, cue_text(s))
        if s.start_ms is not None:
            mark = "≈" if s.estimated else ""
            lines.append(f"[{mark}{_stamp(s.start_ms)}] {text}")
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _json(transcript, segments) -> str:
    data = {
        "talk": transcript.talk.slug,
        "transcript": transcript.pk,
        "language": transcript.language,
        "kind": transcript.kind,
        "timed": transcript.timed,
        "segments": [
            {
                "position": s.position,
                "start_seconds": None if s.start_ms is None else s.start_ms / 1000,
                "end_seconds": None if s.end_ms is None else s.end_ms / 1000,
                "estimated": s.estimated,
                "text": s.text,
                "sound": s.sound,
                "speaker": s.speaker.name if s.speaker else None,
            }
            for s in segments
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)
