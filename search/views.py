import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talks.models import Talk

from .backends import SearchUnavailable
from .query import QueryError
from .serializers import results_dict
from .service import Filters, search_archive

logger = logging.getLogger(__name__)


def _arguments(request) -> dict:
    get = request.GET
    try:
        page = int(get.get("page", "1"))
    except ValueError:
        raise QueryError("page must be a number.") from None
    filters = Filters(
        languages=get.getlist("lang"), speakers=get.getlist("speaker"), talks=get.getlist("talk"), years=get.getlist("year")
    )
    every_hit = get.get("all_hits") == "1"
    if every_hit and len(filters.talks) != 1:
        raise QueryError("all_hits=1 needs exactly one talk=.")
    return {"q": get.get("q", "").strip(), "filters": filters, "page": page, "sort": get.get("sort", "relevance"),
            "all_hits_in_talk": every_hit}


@require_GET
def search_page(request):
    context = {"q": request.GET.get("q", "").strip(), "sort": request.GET.get("sort", "relevance"), "params": request.GET}
    status = 200
    if context["q"]:
        try:
            context["results"] = search_archive(**_arguments(request))
        except QueryError as error:
            context["error"], status = str(error), 400
        except SearchUnavailable as error:
            logger.error("search unavailable: %s", error)
            context["error"], status = "Search is unavailable right now; please try again shortly.", 503
    else:
        context["talk_count"] = Talk.objects.count()
    return render(request, "search/search.html", context, status=status)


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
        return JsonResponse({"error": "Search is unavailable right now; please try again shortly."}, status=503)
    return JsonResponse(results_dict(results, request), json_dumps_params={"ensure_ascii": False})
