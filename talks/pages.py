"""What the talk page shows, worked out from the request's parameters: which transcript, which
recording, which moment, and the rows of the side-by-side view."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Recording, Segment, Talk, Transcript
from .params import Params
from .parsing.language import detect_language, matches_language_range, same_language
from .platforms import VideoRef, link_at
from .windows import Window, window_for

PLAYABLE = (Recording.Platform.YOUTUBE, Recording.Platform.BILIBILI)
PARAGRAPH_SEGMENTS = 6


@dataclass
class ParallelRow:
    primary: Segment
    others: list[Segment]


@dataclass
class TalkPage:
    talk: Talk
    transcript: Transcript | None
    transcripts: list[Transcript]
    segments: list[Segment]
    recording: Recording | None
    start_seconds: float | None
    current_segment_id: int | None
    times_match_recording: bool
    other: Transcript | None = None
    rows: list[ParallelRow] = field(default_factory=list)
    paragraphs: list[list[Segment]] = field(default_factory=list)
    query: str = ""
    window: Window | None = None
    title_language: str = ""

    @property
    def part_fields(self) -> dict[str, str | int]:
        """What a link to another part of a long transcript keeps: the transcript, side by side, the query."""
        keep: dict[str, str | int] = {"transcript": self.transcript.pk} if self.transcript else {}
        if self.other:
            keep["with"] = self.other.pk
        if self.query:
            keep["q"] = self.query
        return keep

    def part_url(self, number: int | None) -> str | None:
        return None if number is None else "?" + urlencode({**self.part_fields, "part": number})

    @property
    def previous_part_url(self) -> str | None:
        return self.part_url(self.window.previous) if self.window else None

    @property
    def next_part_url(self) -> str | None:
        return self.part_url(self.window.next) if self.window else None

    @property
    def recording_choices(self) -> list[tuple[Recording, str]]:
        """Each recording with a name a person can tell apart: the platform and its number among the
        talk's recordings ("YouTube · recording 1"), never the raw video id."""
        recordings = list(self.talk.recordings.all())
        return [(r, recording_name(r, n, len(recordings))) for n, r in enumerate(recordings, 1)]

    @property
    def current_segment(self) -> Segment | None:
        return next((s for s in self.segments if s.pk == self.current_segment_id), None)

    @property
    def parallel_choices(self) -> list[Transcript]:
        """The other timed transcripts, which can be shown beside this one."""
        if not (self.transcript and self.transcript.timed):
            return []
        return [t for t in self.transcripts if t != self.transcript and t.timed]

    @property
    def watch_url(self) -> str | None:
        """The recording on its own site, at the moment when the transcript's times are the recording's."""
        if self.recording is None:
            return None
        ref = VideoRef(self.recording.platform, self.recording.platform_id, self.recording.url, self.recording.part)
        return link_at(ref, self.start_seconds if self.times_match_recording else None)

    @property
    def watch_seconds(self) -> float | None:
        return self.start_seconds if self.recording is not None and self.times_match_recording else None


def _pick(transcripts: list[Transcript], wanted: int | str | None) -> Transcript | None:
    """By id, else by language: the same tag, else the same language in another script or region."""
    if isinstance(wanted, int):
        return next((t for t in transcripts if t.pk == wanted), None)
    if wanted:
        matching = [t for t in transcripts if matches_language_range(t.language, wanted)]
        matching = matching or [t for t in transcripts if same_language(t.language, wanted)]
        return sorted(matching, key=lambda t: (not t.timed, t.pk))[0] if matching else None
    return None


def build_talk_page(talk: Talk, query) -> TalkPage:
    """query: request.GET. A bad parameter is ignored: a mangled link still opens the talk."""
    params = Params(query, lenient=True)
    transcripts = sorted(talk.transcripts.all(), key=lambda t: (not t.timed, t.kind == "translation", t.language, t.pk))
    transcript = _pick(transcripts, params.object_id("transcript") or params.text("lang")) or (transcripts[0] if transcripts else None)
    start = params.seconds("t")
    window = window_for(transcript, seconds=start, cue=params.object_id("cue"), part=params.integer("part", minimum=1)) if transcript else None
    segments = _window_segments(transcript, window) if transcript else []
    recordings = list(talk.recordings.all())
    chosen = _pick_recording(recordings, params.object_id("rec"), transcript)
    page = TalkPage(
        talk=talk,
        transcript=transcript,
        transcripts=transcripts,
        segments=segments,
        recording=chosen,
        start_seconds=start,
        current_segment_id=_segment_at(segments, start),
        times_match_recording=bool(transcript and chosen and transcript.recording_id == chosen.pk),
        window=window,
        title_language=detect_language(talk.title) or "",
    )
    if transcript and not any(s.start_ms is not None for s in segments):
        page.paragraphs = _paragraphs(segments)
    other = _pick([t for t in transcripts if t != transcript], params.object_id("with") or params.text("with"))
    if other and transcript and transcript.timed and other.timed:
        page.other = other
        page.rows = parallel_rows(segments, _beside(other, segments, window))
    page.query = params.text("q") or ""
    return page


def recording_name(recording: Recording, number: int, count: int) -> str:
    platform = recording.get_platform_display()
    name = platform if count == 1 else _("%(platform)s · recording %(number)d") % {"platform": platform, "number": number}
    return name if recording.part == 1 else _("%(name)s, part %(part)d") % {"name": name, "part": recording.part}


def _window_segments(transcript: Transcript, window: Window) -> list[Segment]:
    rows = Segment.objects.filter(transcript=transcript, position__gte=window.first, position__lt=window.stop)
    return shown(rows.select_related("speaker"))


def _beside(other: Transcript, primary: list[Segment], window: Window) -> list[Segment]:
    """The other transcript's cues said during this part of the primary one (all of them on a one-part page)."""
    rows = Segment.objects.filter(transcript=other)
    timed = [s.start_ms for s in primary if s.start_ms is not None]
    if window.previous and timed:
        rows = rows.filter(start_ms__gte=timed[0])
    if window.next and timed:
        following = Segment.objects.filter(transcript=primary[0].transcript_id, position__gte=window.stop,
                                           start_ms__isnull=False).order_by("position").values_list("start_ms", flat=True).first()
        if following is not None:
            rows = rows.filter(start_ms__lt=following)
    return shown(rows)


def shown(segments) -> list[Segment]:
    """The cues a reader sees: a cue of punctuation alone (a lone ",") is kept in the data, not shown."""
    return [s for s in segments if s.sound or any(ch.isalnum() for ch in s.text)]


def back_to_results(query: str, referer: str | None) -> str | None:
    """Where "Back to results" goes: the results page the reader came from (its filters and page kept),
    else a search for the same words."""
    if not query:
        return None
    search = reverse("search:search")
    came_from = urlsplit(referer or "")
    if came_from.path == search and came_from.query:
        return f"{search}?{came_from.query}"
    return f"{search}?{urlencode({'q': query})}"


def _pick_recording(recordings: list[Recording], wanted: int | None, transcript: Transcript | None) -> Recording | None:
    if wanted is not None:
        found = next((r for r in recordings if r.pk == wanted), None)
        if found:
            return found
    if transcript and transcript.recording in recordings:
        return transcript.recording
    return next((r for r in recordings if r.platform in PLAYABLE), None)


def _segment_at(segments: list[Segment], seconds: float | None) -> int | None:
    """The cue said during that second: `?t=1179` is 19:39, so a cue starting at 19:39.14 is the one meant,
    not the cue before it that ends at 19:39.14. Else the last cue started by then."""
    timed = [s for s in segments if s.start_ms is not None]
    if seconds is None or not timed:
        return None
    starts = [s.start_ms for s in timed]
    second_ends = (int(seconds) + 1) * 1000
    index = bisect.bisect_left(starts, second_ends) - 1
    if index >= 0 and timed[index].start_ms >= int(seconds) * 1000:
        index = bisect.bisect_left(starts, int(seconds) * 1000)  # the first cue starting within that second
    return timed[max(0, index)].pk


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = []
    for segment in segments:
        if not paragraphs or len(paragraphs[-1]) >= PARAGRAPH_SEGMENTS or paragraphs[-1][-1].speaker_id != segment.speaker_id:
            paragraphs.append([])
        paragraphs[-1].append(segment)
    return paragraphs


def parallel_rows(primary: list[Segment], other: list[Segment]) -> list[ParallelRow]:
    """Each cue of the other transcript goes beside the primary cue it overlaps most in time, and never
    beside a row earlier than the cue before it: both columns read in order, row by row."""
    rows = [ParallelRow(primary=s, others=[]) for s in primary if s.start_ms is not None]
    starts = [row.primary.start_ms for row in rows]
    floor = 0
    for segment in (s for s in other if s.start_ms is not None):
        if not rows:
            break
        first = max(floor, bisect.bisect_right(starts, segment.start_ms) - 1)
        best, overlap = first, None
        for index in range(first, len(rows)):
            cue = rows[index].primary
            if cue.start_ms >= segment.end_ms and overlap is not None:
                break
            shared = min(cue.end_ms, segment.end_ms) - max(cue.start_ms, segment.start_ms)
            if overlap is None or shared > overlap:
                best, overlap = index, shared
        rows[best].others.append(segment)
        floor = best
    return rows
