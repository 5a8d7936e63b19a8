"""Which part of a long transcript the talk page shows.

A transcript is read in parts of `settings.TALK_PAGE_CUES` cues (by position), so a page of a
1M-cue transcript costs the same as a page of a short one. The part shown is the one holding the
cue asked for: `?t=` (the cue said then), `?cue=<segment id>` (a moment link whose `#seg-` fragment
is not on the part the server first sent), else `?part=<n>`, else the first."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max

from .models import Segment, Transcript


@dataclass(frozen=True)
class Window:
    """Part `number` (from 1) of `count`: the cues whose position is in [first, stop)."""
    number: int
    count: int
    first: int
    stop: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def cues_per_part() -> int:
    return max(1, int(settings.TALK_PAGE_CUES))


def window_for(transcript: Transcript, *, seconds: float | None, cue: int | None, part: int | None) -> Window:
    size = cues_per_part()
    last = Segment.objects.filter(transcript=transcript).aggregate(last=Max("position"))["last"]
    count = 1 if last is None else last // size + 1
    position = _position_at(transcript, seconds) if seconds is not None else None
    if position is None and cue is not None:
        position = Segment.objects.filter(transcript=transcript, pk=cue).values_list("position", flat=True).first()
    number = position // size + 1 if position is not None else min(max(part or 1, 1), count)
    return Window(number=number, count=count, first=(number - 1) * size, stop=number * size)


def _position_at(transcript: Transcript, seconds: float) -> int | None:
    """The position of the cue said during that second (the rule of pages._segment_at, in the database)."""
    timed = Segment.objects.filter(transcript=transcript, start_ms__isnull=False)
    second = int(seconds) * 1000
    within = timed.filter(start_ms__gte=second, start_ms__lt=second + 1000).order_by("position")
    found = within.values_list("position", flat=True).first()
    if found is None:
        before = timed.filter(start_ms__lt=second).order_by("-position")
        found = before.values_list("position", flat=True).first()
    if found is None:
        found = timed.order_by("position").values_list("position", flat=True).first()
    return found
