"""Talks, speakers, events and recordings: found or created, and never overwritten silently."""

from __future__ import annotations

from django.utils.text import slugify

from talks.models import Event, Recording, Speaker, Talk, TalkSpeaker
from talks.platforms import recognise

from .errors import ImportRefused
from .metadata import ImportMetadata, RecordingInfo


def unique_slug(model, text: str, *, fallback: str) -> str:
    base = slugify(text)[:180].strip("-") or fallback
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def resolve_talk(*, slug: str | None, title: str, metadata: ImportMetadata, summary_from_file: str = "") -> Talk:
    """The talk named by slug, created when missing; empty fields are filled from the metadata."""
    talk = Talk.objects.filter(slug=slug).first() if slug else None
    if talk is None:
        talk = Talk(slug=slug or unique_slug(Talk, title, fallback="talk"), title=title[:300])
    if not talk.date and metadata.date:
        talk.date = metadata.date
    if not talk.summary:
        talk.summary = metadata.summary or summary_from_file
    if talk.event_id is None and metadata.event:
        talk.event = get_or_create_event(metadata)
    talk.save()
    return talk


def get_or_create_event(metadata: ImportMetadata) -> Event:
    info = metadata.event
    slug = slugify(info.name) or "event"
    event, _ = Event.objects.get_or_create(slug=slug, defaults={"name": info.name, "date": info.date, "place": info.place})
    changed = False
    if not event.date and info.date:
        event.date, changed = info.date, True
    if not event.place and info.place:
        event.place, changed = info.place, True
    if changed:
        event.save()
    return event


def attach_people(*, talk: Talk, metadata: ImportMetadata) -> dict[str, Speaker]:
    """Add the metadata's speakers to the talk; return every name and spelling → speaker."""
    next_order = talk.talk_speakers.count()
    for info in metadata.speakers:
        speaker = _speaker_named(info.name)
        missing = [name for name in info.other_names if name not in speaker.other_names]
        if missing:
            speaker.other_names = [*speaker.other_names, *missing]
            speaker.save(update_fields=["other_names"])
        _, created = TalkSpeaker.objects.get_or_create(talk=talk, speaker=speaker, defaults={"order": next_order})
        next_order += created
    names = {}
    for link in talk.talk_speakers.select_related("speaker"):
        for name in link.speaker.all_names():
            names[name.casefold()] = link.speaker
    return names


def _speaker_named(name: str) -> Speaker:
    slug = slugify(name)
    found = Speaker.objects.filter(slug=slug).first() if slug else Speaker.objects.filter(name=name).first()
    return found or Speaker.objects.create(name=name, slug=slug or unique_slug(Speaker, name, fallback="speaker"))


def get_or_create_recording(talk: Talk, info: RecordingInfo, *, filename: str) -> Recording:
    try:
        ref = recognise(info.url)
    except ValueError as error:
        raise ImportRefused(f"{filename}: recording {error}") from None
    recording, created = Recording.objects.get_or_create(
        talk=talk,
        url=ref.url,
        part=ref.part,
        defaults={"platform": ref.platform, "platform_id": ref.platform_id, "duration_seconds": info.duration_seconds},
    )
    if not created and recording.duration_seconds is None and info.duration_seconds:
        recording.duration_seconds = info.duration_seconds
        recording.save(update_fields=["duration_seconds"])
    return recording
