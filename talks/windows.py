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
    """The position of the cue said during that second (the rule of pages._segment_at): the first cue
    starting within it, else the last one started before it. Cues are in time order, so a binary search
    over positions finds it in ~20 indexed lookups, not a scan of a million rows."""
    timed = Segment.objects.filter(transcript=transcript, start_ms__isnull=False).order_by("position")
    second = int(seconds) * 1000
    at = _first_starting_at(timed, second)
    if at is not None and at[1] < second + 1000:
        return at[0]
    before = timed.filter(position__lt=at[0]) if at is not None else timed
    found = before.order_by("-position").values_list("position", flat=True).first()
    return found if found is not None else (at[0] if at is not None else None)


def _first_starting_at(timed, ms: int) -> tuple[int, int] | None:
    """(position, start) of the first timed cue starting at or after `ms`, or None."""
    low, high, found = 0, None, None
    last = timed.order_by("-position").values_list("position", "start_ms").first()
    if last is None or last[1] < ms:
        return None
    high = last[0]
    while low <= high:
        middle = (low + high) // 2
        cue = timed.filter(position__gte=middle).values_list("position", "start_ms").first()
        if cue is None or cue[0] > high:
            high = middle - 1
        elif cue[1] >= ms:
            found, high = cue, middle - 1
        else:
            low = cue[0] + 1
    return found
