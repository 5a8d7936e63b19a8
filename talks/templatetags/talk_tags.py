from django import template

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
