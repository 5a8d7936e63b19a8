from django import template
from django.utils.translation import gettext_lazy as _

from search.chips import FILTER_PARAMETERS
from talks.moments import clock

register = template.Library()

FACET_TITLES = {"speaker": _("Speaker"), "language": _("Language"), "event": _("Event"), "year": _("Year")}
STRIP_WIDTH = 1000  # the strip's SVG viewBox width
MARK_WIDTH = 6


@register.simple_tag
def query_with(params, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def facet_query(params, parameter: str, value: str) -> str:
    """The current query string narrowed by one more filter value, back on the first page."""
    query = params.copy()
    query.pop("page", None)
    if value not in query.getlist(parameter):
        query.appendlist(parameter, value)
    return query.urlencode()


@register.simple_tag
def without_filter(params, parameter: str, value: str) -> str:
    """The current query string without one filter value; without its talk, it lists talks again."""
    query = params.copy()
    query.setlist(parameter, [v for v in query.getlist(parameter) if v != value])
    query.pop("page", None)
    if parameter == "talk":
        query.pop("all_hits", None)
    return query.urlencode()


@register.simple_tag
def without_filters(params) -> str:
    query = params.copy()
    for name in (*FILTER_PARAMETERS, "page", "all_hits"):
        query.pop(name, None)
    return query.urlencode()


@register.simple_tag
def facet_title(name: str) -> str:
    return FACET_TITLES.get(name, name)


@register.filter
def strip_marks(found) -> list[int]:
    """Where each hit falls along the strip (SVG x), one mark per distinct place."""
    usable = STRIP_WIDTH - MARK_WIDTH
    return sorted({round(max(0.0, min(1.0, float(m))) * usable) for m in found.moments})


@register.filter
def seconds_timestamp(seconds: float | None) -> str:
    return clock(seconds)
