"""What the home page offers to browse: the archive's size, recent talks, speakers and languages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F

from talks.language_names import language_name
from talks.models import Segment, Speaker, Talk, Transcript

RECENT_TALKS = 5
TOP_SPEAKERS = 12


@dataclass(frozen=True)
class ArchiveStats:
    talks: int
    speakers: int
    languages: int
    segments: int


@dataclass(frozen=True)
class LanguageCount:
    tag: str
    name: str
    talk_count: int


def archive_stats() -> ArchiveStats:
    return ArchiveStats(
        talks=Talk.objects.count(),
        speakers=Speaker.objects.filter(talks__isnull=False).distinct().count(),
        languages=Transcript.objects.values("language").distinct().count(),
        segments=Segment.objects.count(),
    )


def recent_talks() -> list[Talk]:
    return list(Talk.objects.order_by(F("date").desc(nulls_last=True), "-pk").for_listing()[:RECENT_TALKS])


def speakers_by_talks() -> list[Speaker]:
    speakers = Speaker.objects.annotate(talk_count=Count("talks")).filter(talk_count__gt=0)
    return list(speakers.order_by("-talk_count", "name")[:TOP_SPEAKERS])


def languages_by_talks() -> list[LanguageCount]:
    rows = Transcript.objects.values("language").annotate(talks=Count("talk", distinct=True)).order_by("-talks", "language")
    return [LanguageCount(row["language"], language_name(row["language"]), row["talks"]) for row in rows]
