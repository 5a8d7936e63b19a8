import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talks.params import BadParameter, Params

from . import overview
from .backends import SearchUnavailable
from .backends.base import SORTS
from .chips import active_filters, filters_from
from .examples import example_searches
from .query import MAX_LENGTH as QUERY_MAX_LENGTH
from .query import QueryError
from .serializers import results_dict
from .service import MAX_PAGE, search_archive

logger = logging.getLogger(__name__)
UNAVAILABLE = "Search is unavailable right now; please try again shortly."


def _arguments(request) -> dict:
    """Raises BadParameter (a QueryError) naming the parameter."""
    params = Params(request.GET)
    filters = filters_from(params)
    every_hit = params.flag("all_hits")
    if every_hit and len(filters.talks) != 1:
        raise QueryError("all_hits=1 needs exactly one talk=.")
    return {"q": params.text("q", max_length=QUERY_MAX_LENGTH), "filters": filters,
            "page": params.integer("page", default=1, minimum=1, maximum=MAX_PAGE),
            "sort": params.choice("sort", SORTS, default="relevance"), "all_hits_in_talk": every_hit}


@require_GET
def search_page(request):
    shown = Params(request.GET, lenient=True)
    context = {"q": shown.text("q", max_length=QUERY_MAX_LENGTH), "sort": shown.choice("sort", SORTS, default="relevance"),
               "params": request.GET, "all_hits": shown.flag("all_hits")}
    context["active_filters"] = active_filters(filters_from(shown), request.GET, context["q"])
    status = 200
    if context["q"]:
        try:
            context["results"] = search_archive(**_arguments(request))
        except (QueryError, BadParameter) as error:
            context["error"], status = str(error), 400
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            context["error"], status = UNAVAILABLE, 503
        if status == 200 and not context["results"].total_talks:
            context["examples"] = example_searches()
    elif not context["active_filters"]:
        context.update(_home())
    return render(request, "search/search.html", context, status=status)


def _home() -> dict:
    return {"stats": overview.archive_stats(), "recent_talks": overview.recent_talks(),
            "speakers": overview.speakers_by_talks(), "languages_with_counts": overview.languages_by_talks(),
            "examples": example_searches()}


@require_GET
def search_api(request):
    try:
        arguments = _arguments(request)
        if not arguments["q"]:
            raise QueryError("Give a query as ?q=…")
        results = search_archive(**arguments)
    except (QueryError, BadParameter) as error:
        return JsonResponse({"error": str(error)}, status=400)
    except SearchUnavailable as error:
        logger.error("search unavailable: %s", error)
        return JsonResponse({"error": UNAVAILABLE}, status=503)
    return JsonResponse(results_dict(results, request), json_dumps_params={"ensure_ascii": False})
