"""Whether an uploaded file is already in the archive: the same bytes are kept once, so importing them
again changes nothing. The upload preview says so, and where they are, before anything is confirmed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from talks.models import Transcript


@dataclass(frozen=True)
class ArchivedCopy:
    """A transcript made from the same bytes earlier."""

    talk_id: int
    talk_slug: str
    talk_title: str
    transcript_id: int
    language: str


def archived_copies(*, content: bytes) -> list[ArchivedCopy]:
    digest = hashlib.sha256(content).hexdigest()
    transcripts = Transcript.objects.filter(source_file__sha256=digest).select_related("talk").order_by("pk")
    return [ArchivedCopy(talk_id=t.talk_id, talk_slug=t.talk.slug, talk_title=t.talk.title, transcript_id=t.pk,
                         language=t.language) for t in transcripts]
