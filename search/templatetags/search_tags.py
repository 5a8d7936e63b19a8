from django import template
from django.utils.translation import gettext_lazy as _

from talks.moments import clock

register = template.Library()

FACET_PARAMETERS = {"speaker": "speaker", "language": "lang", "year": "year"}
FACET_TITLES = {"speaker": _("Speaker"), "language": _("Language"), "event": _("Event"), "year": _("Year")}


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
def facet_query(params, facet: str, value: str) -> str:
    """The current query string narrowed by one facet value, back on the first page."""
    query = params.copy()
    query.pop("page", None)
    name = FACET_PARAMETERS[facet]
    if value not in query.getlist(name):
        query.appendlist(name, value)
    return query.urlencode()


@register.simple_tag
def facet_title(name: str) -> str:
    return FACET_TITLES.get(name, name)


@register.simple_tag
def percent(fraction: float) -> str:
    return f"{max(0.0, min(1.0, float(fraction))) * 100:.2f}%"


@register.filter
def seconds_timestamp(seconds: float | None) -> str:
    return clock(seconds)
