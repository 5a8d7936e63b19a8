import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talks.models import Talk
from talks.params import BadParameter, Params

from .backends import SearchUnavailable
from .backends.base import SORTS
from .query import MAX_LENGTH as QUERY_MAX_LENGTH
from .query import QueryError
from .serializers import results_dict
from .service import MAX_PAGE, Filters, search_archive

logger = logging.getLogger(__name__)


def _arguments(request) -> dict:
    """Raises BadParameter (a QueryError) naming the parameter."""
    params = Params(request.GET)
    filters = Filters(languages=params.texts("lang"), speakers=params.texts("speaker"), talks=params.texts("talk"),
                      years=params.texts("year"))
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
               "params": request.GET}
    status = 200
    if context["q"]:
        try:
            context["results"] = search_archive(**_arguments(request))
        except (QueryError, BadParameter) as error:
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
    except (QueryError, BadParameter) as error:
        return JsonResponse({"error": str(error)}, status=400)
    except SearchUnavailable as error:
        logger.error("search unavailable: %s", error)
        return JsonResponse({"error": "Search is unavailable right now; please try again shortly."}, status=503)
    return JsonResponse(results_dict(results, request), json_dumps_params={"ensure_ascii": False})
