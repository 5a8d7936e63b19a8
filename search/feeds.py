"""Follow a search: `/search/feed/?q=…` (and the filters /search/ takes) as an Atom feed, one entry per talk that
says it, the talks most recently added to the archive first. A feed reader polling it hears of every new talk
(or new transcript of a talk) that matches."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from talks.models import Transcript
from talks.params import BadParameter, Params

from .backends import SearchUnavailable
from .chips import FILTER_PARAMETERS, filters_from
from .query import MAX_LENGTH as QUERY_MAX_LENGTH
from .query import QueryError
from .service import TalkResult, search_archive

logger = logging.getLogger(__name__)
FEED_ENTRIES = 30  # the talks a feed lists, newest first
UNAVAILABLE = "Search is unavailable right now; please try again shortly."


@dataclass(frozen=True)
class FeedEntry:
    found: TalkResult
    added: datetime.datetime  # when the talk's newest transcript came into the archive
    talk_url: str  # absolute: the entry's Atom id, stable while the best moment changes
    root: str  # the site's absolute root, for the links inside the entry


@dataclass(frozen=True)
class FollowedSearch:
    q: str
    query_string: str  # q and the filters, as /search/ takes them
    entries: list[FeedEntry]


def feed_query_string(query_dict) -> str:
    """The parameters a feed follows, from a results page's: q and the filters (not page, sort or all_hits)."""
    kept = [("q", v) for v in query_dict.getlist("q")[:1]]
    kept += [(name, value) for name in FILTER_PARAMETERS for value in query_dict.getlist(name)]
    return urlencode(kept)


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except (QueryError, BadParameter) as error:
            return JsonResponse({"error": str(error)}, status=400)
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            return JsonResponse({"error": UNAVAILABLE}, status=503)

    def get_object(self, request) -> FollowedSearch:
        """Raises QueryError or BadParameter (a 400) for a missing or bad parameter."""
        params = Params(request.GET)
        q = params.text("q", max_length=QUERY_MAX_LENGTH)
        if not q:
            raise QueryError("Give a query as ?q=…")
        found = search_archive(q=q, filters=filters_from(params), sort="date", per_page=FEED_ENTRIES).talks
        added = dict(Transcript.objects.filter(talk_id__in=[f.talk.pk for f in found])
                     .values("talk_id").annotate(newest=Max("created_at")).values_list("talk_id", "newest"))
        root = request.build_absolute_uri("/").rstrip("/")
        entries = [FeedEntry(f, added.get(f.talk.pk) or f.talk.created_at, root + f.talk.get_absolute_url(), root)
                   for f in found]
        entries.sort(key=lambda entry: (entry.added, entry.found.talk.pk), reverse=True)
        return FollowedSearch(q, feed_query_string(request.GET), entries)

    def title(self, search: FollowedSearch) -> str:
        return _("“%(query)s” in the Talk Archive") % {"query": search.q}

    def subtitle(self, search: FollowedSearch) -> str:
        return _("New talks and moments that match this search.")

    def link(self, search: FollowedSearch) -> str:
        return f"{reverse('search:search')}?{search.query_string}"

    def feed_url(self, search: FollowedSearch) -> str:
        return f"{reverse('search:feed')}?{search.query_string}"

    def items(self, search: FollowedSearch) -> list[FeedEntry]:
        return search.entries

    def item_title(self, entry: FeedEntry) -> str:
        return entry.found.talk.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.found.hits[0].url if entry.found.hits else entry.found.talk.get_absolute_url()

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.talk_url

    def item_description(self, entry: FeedEntry) -> str:
        html = render_to_string("search/_feed_entry.html", {"found": entry.found, "root": entry.root})
        # Feed readers drop <mark> (feedparser's sanitiser does); <strong> survives. The text itself is escaped.
        return html.replace("<mark>", "<strong>").replace("</mark>", "</strong>")

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return ", ".join(s.name for s in entry.found.talk.ordered_speakers()) or None

    def item_pubdate(self, entry: FeedEntry) -> datetime.datetime:
        return entry.found.talk.created_at

    def item_updateddate(self, entry: FeedEntry) -> datetime.datetime:
        return entry.added
