import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import overview
from .backends import SearchUnavailable
from .chips import active_filters, filters_from
from .examples import example_searches
from .query import QueryError
from .serializers import results_dict
from .service import search_archive

logger = logging.getLogger(__name__)
UNAVAILABLE = "Search is unavailable right now; please try again shortly."


def _arguments(request) -> dict:
    get = request.GET
    try:
        page = int(get.get("page", "1"))
    except ValueError:
        raise QueryError("page must be a number.") from None
    filters = filters_from(get)
    every_hit = get.get("all_hits") == "1"
    if every_hit and len(filters.talks) != 1:
        raise QueryError("all_hits=1 needs exactly one talk=.")
    return {"q": get.get("q", "").strip(), "filters": filters, "page": page, "sort": get.get("sort", "relevance"),
            "all_hits_in_talk": every_hit}


@require_GET
def search_page(request):
    q = request.GET.get("q", "").strip()
    filters = filters_from(request.GET)
    context = {"q": q, "sort": request.GET.get("sort", "relevance"), "params": request.GET,
               "active_filters": active_filters(filters), "all_hits": request.GET.get("all_hits") == "1"}
    status = 200
    if q:
        try:
            context["results"] = search_archive(**_arguments(request))
        except QueryError as error:
            context["error"], status = str(error), 400
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            context["error"], status = UNAVAILABLE, 503
        if status == 200 and not context["results"].talks:
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
    except QueryError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except SearchUnavailable as error:
        logger.error("search unavailable: %s", error)
        return JsonResponse({"error": UNAVAILABLE}, status=503)
    return JsonResponse(results_dict(results, request), json_dumps_params={"ensure_ascii": False})
