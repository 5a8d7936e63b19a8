from django import template

from talks import exports, language_names

register = template.Library()


@register.filter
def timestamp(ms: int | None) -> str:
    """12:34 or 1:02:03; empty for untimed segments."""
    if ms is None:
        return ""
    seconds = int(ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter
def seconds(ms: int | None) -> str:
    """Whole seconds, for ?t= links."""
    return "" if ms is None else str(int(ms) // 1000)


@register.filter
def seconds_exact(ms: int | None) -> str:
    return "" if ms is None else f"{int(ms) / 1000:.3f}"


@register.filter
def export_formats(transcript) -> list[str]:
    return exports.formats_for(transcript) if transcript else []


@register.filter
def language_name(tag: str) -> str:
    """`zh-Hans` → "Chinese (Simplified)" in English, "中文（简体）" in Chinese."""
    return language_names.language_name(tag)
