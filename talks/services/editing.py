"""Changes after import: edits, re-parsing from the kept original, deleting, merging talks.
Each one marks the transcripts it touched as changed and announces them after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from talks.models import Recording, Segment, Talk, TalkSpeaker, Transcript
from talks.parsing import estimate_times, parse_transcript
from talks.signals import announce_after_commit

from .errors import ImportRefused


def transcripts_edited(*, transcript_ids: Iterable[int]) -> None:
    """Call inside the transaction that changed these transcripts' segments or their talk."""
    ids = sorted(set(transcript_ids))
    Transcript.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    announce_after_commit(changed=ids)


def talks_edited(*, talk_ids: Iterable[int]) -> None:
    """A talk's speakers, event or date feed the search filters of all its transcripts."""
    transcripts_edited(transcript_ids=Transcript.objects.filter(talk_id__in=list(talk_ids)).values_list("pk", flat=True))


@transaction.atomic
def delete_transcripts(*, transcripts: Iterable[Transcript]) -> int:
    ids = [t.pk for t in transcripts]
    Transcript.objects.filter(pk__in=ids).delete()
    announce_after_commit(deleted=ids)
    return len(ids)


@transaction.atomic
def delete_talks(*, talks: Iterable[Talk]) -> int:
    talk_ids = [t.pk for t in talks]
    transcript_ids = list(Transcript.objects.filter(talk_id__in=talk_ids).values_list("pk", flat=True))
    Talk.objects.filter(pk__in=talk_ids).delete()
    announce_after_commit(deleted=transcript_ids)
    return len(talk_ids)


@transaction.atomic
def reparse_transcript(*, transcript: Transcript) -> int:
    """Parse the kept original file again (with today's parsers) and replace the segments.
    Language, kind and recording stay as they are. Returns the new number of segments."""
    source = transcript.source_file
    parsed = parse_transcript(bytes(source.content), filename=source.filename, format=transcript.source_format)
    if transcript.source_section >= len(parsed.transcripts):
        raise ImportRefused(f"{source.filename}: the file no longer has section {transcript.source_section + 1}")
    section = parsed.transcripts[transcript.source_section]
    cues = section.cues
    recording = transcript.recording
    if not section.timed and recording is not None and recording.duration_seconds:
        cues = estimate_times(cues, duration_ms=recording.duration_seconds * 1000)
    speakers = {s.pk: s for s in transcript.talk.speakers.all()}
    names = {name.casefold(): s for s in speakers.values() for name in s.all_names()}
    old_speakers = dict(transcript.segments.values_list("position", "speaker_id"))
    transcript.segments.all().delete()
    Segment.objects.bulk_create(
        [
            Segment(
                transcript=transcript, position=position, start_ms=cue.start_ms, end_ms=cue.end_ms,
                estimated=cue.estimated, text=cue.text, sound=cue.sound[:200],
                speaker=names.get(cue.speaker_label.casefold()) if cue.speaker_label else speakers.get(old_speakers.get(position)),
            )
            for position, cue in enumerate(cues)
        ],
        batch_size=1000,
    )
    transcript.timed = section.timed
    transcript.source_encoding = parsed.encoding
    transcript.save()
    announce_after_commit(changed=[transcript.pk])
    return len(cues)


@transaction.atomic
def merge_talks(*, target: Talk, others: Iterable[Talk]) -> Talk:
    """Two entries that are the same talk: the others' transcripts, recordings and speakers move
    to the target, which keeps its own fields and fills only the empty ones."""
    others = [t for t in others if t.pk != target.pk]
    order = target.talk_speakers.count()
    for other in others:
        for link in other.talk_speakers.select_related("speaker"):
            _, created = TalkSpeaker.objects.get_or_create(talk=target, speaker=link.speaker, defaults={"order": order})
            order += created
        for recording in other.recordings.all():
            existing = target.recordings.filter(url=recording.url, part=recording.part).first()
            if existing:
                other.transcripts.filter(recording=recording).update(recording=existing)
            else:
                Recording.objects.filter(pk=recording.pk).update(talk=target)
        other.transcripts.update(talk=target)
        for field in ("date", "summary", "event"):
            if not getattr(target, field) and getattr(other, field):
                setattr(target, field, getattr(other, field))
    target.save()
    Talk.objects.filter(pk__in=[t.pk for t in others]).delete()
    talks_edited(talk_ids=[target.pk])
    return target
