"""The filters a search runs with, as chips a person can see and remove: nothing narrows a search unseen."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from talks.language_names import language_name
from talks.models import Event, Speaker, Talk
from talks.params import Params

from .service import Filters

# URL parameter → the Filters field holding its values.
FILTER_PARAMETERS = {"lang": "languages", "speaker": "speakers", "event": "events", "year": "years", "talk": "talks"}


@dataclass(frozen=True)
class ActiveFilter:
    parameter: str  # the URL parameter: lang, speaker, event, year or talk
    value: str
    label: str  # "Speaker: Ilya Sutskever"


def filters_from(params: Params) -> Filters:
    """The filters named in a query string."""
    return Filters(**{field: params.texts(name) for name, field in FILTER_PARAMETERS.items()})


def active_filters(filters: Filters) -> list[ActiveFilter]:
    names = {
        "speaker": dict(Speaker.objects.filter(slug__in=filters.speakers).values_list("slug", "name")),
        "event": dict(Event.objects.filter(slug__in=filters.events).values_list("slug", "name")),
        "talk": dict(Talk.objects.filter(slug__in=filters.talks).values_list("slug", "title")),
    }
    titles = {"lang": _("Language"), "speaker": _("Speaker"), "event": _("Event"), "year": _("Year"), "talk": _("Talk")}
    chips = []
    for parameter, field in FILTER_PARAMETERS.items():
        for value in getattr(filters, field):
            shown = language_name(value) if parameter == "lang" else names.get(parameter, {}).get(value, value)
            label = _("%(filter)s: %(value)s") % {"filter": titles[parameter], "value": shown}
            chips.append(ActiveFilter(parameter, value, label))
    return chips
