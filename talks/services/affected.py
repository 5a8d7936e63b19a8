"""Which transcripts a record feeds: their searchable text, or the filters (speaker, event, year)
every passage of theirs carries."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from talks.models import Event, Recording, Segment, Speaker, Talk, TalkSpeaker, Transcript


def affected_transcripts(record: models.Model) -> set[int]:
    """Call with a saved record (after saving it, or before deleting it)."""
    if record.pk is None:
        return set()
    if isinstance(record, Transcript):
        return {record.pk}
    if isinstance(record, Segment):
        return {record.transcript_id}
    if isinstance(record, Talk):
        found = Transcript.objects.filter(talk=record)
    elif isinstance(record, (TalkSpeaker, Recording)):
        found = Transcript.objects.filter(talk_id=record.talk_id)
    elif isinstance(record, Speaker):
        found = Transcript.objects.filter(Q(talk__speakers=record) | Q(segments__speaker=record))
    elif isinstance(record, Event):
        found = Transcript.objects.filter(talk__event=record)
    else:
        return set()
    return set(found.values_list("pk", flat=True).distinct())
