"""Changes after import: admin saves and deletes, re-parsing from the kept original, merging talks.
Each one writes in a transaction and announces the transcripts it touched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models, transaction
from django.utils import timezone

from talks.models import Recording, Talk, TalkSpeaker, Transcript
from talks.parsing import parse_transcript

from .affected import affected_transcripts
from .changes import announce
from .errors import ImportRefused
from .segments import SpeakerPlan, store_segments, turns_of


def transcripts_edited(*, transcript_ids: Iterable[int]) -> None:
    """Call inside the transaction that changed these transcripts' segments or their talk."""
    ids = sorted(set(transcript_ids))
    Transcript.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    announce(changed=ids)


@transaction.atomic
def save_records(*, saved: Sequence[models.Model] = (), deleted: Sequence[models.Model] = ()) -> None:
    """Save and delete archive records (what an admin page or its inlines changed) and announce
    the transcripts whose searchable text or filters they feed."""
    gone, touched = set(), set()
    for record in deleted:
        found = affected_transcripts(record)
        (gone if isinstance(record, (Talk, Transcript)) else touched).update(found)
        record.delete()
    for record in saved:
        record.save()
        touched.update(affected_transcripts(record))
    remaining = set(Transcript.objects.filter(pk__in=touched - gone).values_list("pk", flat=True))
    Transcript.objects.filter(pk__in=remaining).update(updated_at=timezone.now())
    announce(changed=remaining, deleted=gone)


@transaction.atomic
def delete_transcripts(*, transcripts: Iterable[Transcript]) -> int:
    ids = [t.pk for t in transcripts]
    Transcript.objects.filter(pk__in=ids).delete()
    announce(deleted=ids)
    return len(ids)


@transaction.atomic
def delete_talks(*, talks: Iterable[Talk]) -> int:
    talk_ids = [t.pk for t in talks]
    transcript_ids = list(Transcript.objects.filter(talk_id__in=talk_ids).values_list("pk", flat=True))
    Talk.objects.filter(pk__in=talk_ids).delete()
    announce(deleted=transcript_ids)
    return len(talk_ids)


@transaction.atomic
def reparse_transcript(*, transcript: Transcript) -> int:
    """Parse the kept original file again (with today's parsers) and replace the segments.
    Language, kind, recording and who spoke when stay as they are. Returns the new number of segments."""
    source = transcript.source_file
    parsed = parse_transcript(bytes(source.content), filename=source.filename, format=transcript.source_format)
    if transcript.source_section >= len(parsed.transcripts):
        raise ImportRefused(f"{source.filename}: the file no longer has section {transcript.source_section + 1}")
    section = parsed.transcripts[transcript.source_section]
    names = {name.casefold(): s for s in transcript.talk.speakers.all() for name in s.all_names()}
    speakers = SpeakerPlan(
        by_name=names,
        turns=turns_of(transcript) if section.timed else [],
        by_position={s.position: s.speaker for s in transcript.segments.filter(speaker__isnull=False).select_related("speaker")},
    )
    count = store_segments(transcript=transcript, section=section, recording=transcript.recording, speakers=speakers)
    transcript.timed = section.timed
    transcript.source_encoding = parsed.encoding
    transcript.save()
    announce(changed=[transcript.pk])
    return count


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
    transcripts_edited(transcript_ids=target.transcripts.values_list("pk", flat=True))
    return target
