from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from talks import exports, language_names
from talks.moments import clock, moment_url

register = template.Library()


@register.filter
def timestamp(ms: int | None) -> str:
    """12:34 or 1:02:03; empty for untimed segments."""
    return "" if ms is None else clock(int(ms) / 1000)


@register.filter
def export_formats(transcript) -> list[str]:
    return exports.formats_for(transcript) if transcript else []


@register.filter
def language_name(tag: str) -> str:
    """`zh-Hans` → "Chinese (Simplified)" in English, "中文（简体）" in Chinese."""
    return language_names.language_name(tag)


@register.simple_tag
def moment_href(page, segment) -> str:
    """The link to one cue of the page's transcript, built where every moment URL is built."""
    return moment_url(page.talk.slug, transcript_id=page.transcript.pk, language=page.transcript.language,
                      seconds=segment.start_seconds, segment_id=segment.pk)


register.filter("clock", clock)


@register.simple_tag
def segment_items(page):
    """The `<li>` of every cue of the part shown. Built here, not in a template loop: a part is up to
    TALK_PAGE_CUES lines, and the template engine spends a millisecond a line (1 s for a 1,000-cue part)."""
    items, speaker_id = [], object()
    for s in page.segments:
        parts = [f'<li id="seg-{s.pk}" data-start="{"" if s.start_ms is None else s.start_ms}"',
                 ' class="current">' if s.pk == page.current_segment_id else ">"]
        if s.start_ms is not None:
            parts.append(f'<a class="moment" href="{escape(moment_href(page, s))}">{"≈ " if s.estimated else ""}{timestamp(s.start_ms)}</a> ')
        if s.speaker_id != speaker_id:
            speaker_id = s.speaker_id
            if s.speaker is not None:
                parts.append(f'<span class="speaker">{escape(s.speaker.name)}</span> ')
        parts.append(escape(s.text))
        if s.sound:
            parts.append(f' <span class="sound">[{escape(s.sound)}]</span>')
        items.append("".join(parts) + "</li>\n")
    return mark_safe("".join(items))
