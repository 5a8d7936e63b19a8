from django import template

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
