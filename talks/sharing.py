"""What a talk page says about itself when it is shared: <title>, description and Open Graph tags.
A moment link (`?t=`) previews the line said at that moment, who said it and when."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import Truncator

from .models import Segment, Talk
from .moments import clock
from .pages import TalkPage
from .platforms import YOUTUBE

QUOTE_CHARACTERS = 200


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    image: str | None
    moment: str | None  # the quoted line's time, when the link names one


def speaker_of(segment: Segment | None, talk: Talk) -> str:
    """Who said a line: the transcript's speaker turn, else the talk's only speaker, else all of them."""
    if segment is not None and segment.speaker is not None:
        return segment.speaker.name
    return ", ".join(speaker.name for speaker in talk.ordered_speakers())


def talk_page_meta(page: TalkPage) -> PageMeta:
    talk = page.talk
    speakers = speaker_of(None, talk)
    title = f"{talk.title} — {speakers}" if speakers else talk.title
    image = None
    if page.recording is not None and page.recording.platform == YOUTUBE:
        image = f"https://i.ytimg.com/vi/{page.recording.platform_id}/hqdefault.jpg"
    segment = page.current_segment if page.start_seconds is not None else None
    if segment is not None and segment.text:
        quote = Truncator(segment.text).chars(QUOTE_CHARACTERS)
        moment = ("≈ " if segment.estimated else "") + clock(segment.start_seconds)
        who = speaker_of(segment, talk)
        description = f"“{quote}” — {who}, {moment}" if who else f"“{quote}” — {moment}"
        return PageMeta(title=title, description=description, image=image, moment=moment)
    event = talk.event.name if talk.event else ""
    summary = talk.summary or " · ".join(part for part in (speakers, event) if part)
    return PageMeta(title=title, description=Truncator(summary).chars(QUOTE_CHARACTERS), image=image, moment=None)
