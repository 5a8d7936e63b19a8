from django import template

from talks import exports
from talks.moments import clock

register = template.Library()


@register.filter
def timestamp(ms: int | None) -> str:
    """12:34 or 1:02:03; empty for untimed segments."""
    return "" if ms is None else clock(int(ms) / 1000)


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
