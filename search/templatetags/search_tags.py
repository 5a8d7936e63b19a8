import re

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from search.chips import FILTER_PARAMETERS, without_value
from search.feeds import feed_query_string
from talks.moments import clock
from talks.parsing.chinese import cut_words
from talks.parsing.language import primary_subtag
from talks.parsing.scripts import contains_han

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
    return without_value(params, parameter, value)


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


@register.filter
def grouped(number: int) -> str:
    """A count grouped as the interface language writes it: 2,133 (config/formats gives Chinese CLDR's grouping)."""
    return number_format(number, force_grouping=True)


# What a count counts, in words (ngettext so makemessages finds them); %(counter)s is the grouped number.
COUNTED = {
    "hits": lambda n: ngettext("%(counter)s hit", "%(counter)s hits", n),
    "talks": lambda n: ngettext("%(counter)s talk", "%(counter)s talks", n),
    "every_hit": lambda n: ngettext("Show the %(counter)s hit in this talk",
                                    "Show all %(counter)s hits in this talk", n),
}


@register.simple_tag
def counted(what: str, number: int) -> str:
    return COUNTED[what](number) % {"counter": grouped(number)}


@register.simple_tag
def results_summary(results) -> str:
    """ "29 hits in 1 talk", each count kept on one line with its noun."""
    sentence = gettext("%(hits)s in %(talks)s") if results.total_exact else gettext("about %(hits)s in %(talks)s")
    return mark_safe(conditional_escape(sentence) % {
        "hits": format_html('<span class="nowrap">{}</span>', counted("hits", results.total_hits)),
        "talks": format_html('<span class="nowrap">{}</span>', counted("talks", results.total_talks))})


@register.filter
def shows_estimated_time(results) -> bool:
    """Whether any hit on the page shows an estimated time (≈ 11:51), which the legend then explains."""
    return any(hit.estimated and hit.start_seconds is not None for found in results.talks for hit in found.hits)


_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")


@register.filter
def word_breaks(snippet_html: str, language: str) -> str:
    """A Chinese snippet with a line-break opportunity (<wbr>) between jieba's words: the page breaks Chinese
    only between words (word-break: keep-all), and unspaced text would otherwise break nowhere."""
    if primary_subtag(language) != "zh":
        return mark_safe(snippet_html)
    pieces = _TAG_OR_ENTITY.split(snippet_html)
    return mark_safe("".join(piece if _TAG_OR_ENTITY.fullmatch(piece) or not contains_han(piece)
                             else "<wbr>".join(cut_words(piece)) for piece in pieces))


@register.simple_tag
def feed_query(params) -> str:
    """The parameters of the Atom feed following this search."""
    return feed_query_string(params)
