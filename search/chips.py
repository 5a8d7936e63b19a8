"""The filters a search runs with, as chips a person can see and remove: nothing narrows a search unseen.
A filter comes as a URL parameter (a facet followed) or typed in the query (`speaker:ilya`); removing the
first drops the parameter, removing the second edits the query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from talks.language_names import language_name
from talks.models import Event, Speaker, Talk
from talks.params import Params

from .query import typed_filters
from .service import Filters

# URL parameter → the Filters field holding its values.
FILTER_PARAMETERS = {"lang": "languages", "speaker": "speakers", "event": "events", "year": "years", "talk": "talks"}


@dataclass(frozen=True)
class ActiveFilter:
    parameter: str  # the URL parameter (or typed filter name): lang, speaker, event, year or talk
    value: str
    label: str  # "Speaker: Ilya Sutskever"
    remove_query: str  # the page's query string without this filter
    typed: bool = False  # typed in the query rather than given as a URL parameter


def filters_from(params: Params) -> Filters:
    """The filters named in a query string."""
    return Filters(**{field: params.texts(name) for name, field in FILTER_PARAMETERS.items()})


def without_value(query_dict, parameter: str, value: str) -> str:
    """The query string without one filter value, back on the first page; without its talk, it lists talks again."""
    query = query_dict.copy()
    query.setlist(parameter, [v for v in query.getlist(parameter) if v != value])
    query.pop("page", None)
    if parameter == "talk":
        query.pop("all_hits", None)
    return query.urlencode()


def without_typed(query_dict, q: str, start: int, end: int) -> str:
    """The query string with q[start:end] (a typed filter) taken out of the query, back on the first page."""
    query = query_dict.copy()
    query["q"] = re.sub(r"\s+", " ", f"{q[:start]} {q[end:]}").strip()
    query.pop("page", None)
    return query.urlencode()


def active_filters(filters: Filters, query_dict, q: str = "") -> list[ActiveFilter]:
    """Chips for the URL parameters' filters, then for those typed in q."""
    chips = [ActiveFilter(parameter, value, _label(parameter, value), without_value(query_dict, parameter, value))
             for parameter, field in FILTER_PARAMETERS.items() for value in getattr(filters, field)]
    chips += [ActiveFilter(typed.name, typed.value, _label(typed.name, typed.value),
                           without_typed(query_dict, q, typed.start, typed.end), typed=True)
              for typed in typed_filters(q)]
    return chips


def _label(parameter: str, value: str) -> str:
    """ "Speaker: Ilya Sutskever" for speaker=ilya-sutskever, or for a typed speaker:ilya naming one speaker."""
    titles = {"lang": _("Language"), "speaker": _("Speaker"), "event": _("Event"), "year": _("Year"), "talk": _("Talk")}
    return _("%(filter)s: %(value)s") % {"filter": titles[parameter], "value": _shown(parameter, value)}


def _shown(parameter: str, value: str) -> str:
    if parameter == "lang":
        return language_name(value)
    if parameter == "talk":
        return Talk.objects.filter(slug=value).values_list("title", flat=True).first() or value
    if parameter in {"speaker", "event"}:
        model = Speaker if parameter == "speaker" else Event
        names = list(model.objects.named_like(value).values_list("name", flat=True)[:2])
        return names[0] if len(names) == 1 else value
    return value
