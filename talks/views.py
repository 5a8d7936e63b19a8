import io
import unicodedata

from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import exports
from .models import Event, Speaker, Talk, Transcript
from .pages import back_to_results, build_talk_page
from .params import Params
from .serializers import talk_detail, talk_summary
from .sharing import talk_page_meta


@require_GET
def talk_list(request):
    params = Params(request.GET, lenient=True)
    filters = {"speaker": params.text("speaker"), "event": params.text("event"), "year": params.year(),
               "language": params.text("lang")}
    talks = Talk.objects.filtered(**filters).for_listing()
    context = {
        "talks": talks,
        "filters": filters,
        "speakers": Speaker.objects.annotate(talk_count=Count("talks")).filter(talk_count__gt=0),
        "events": Event.objects.all(),
        "languages": Transcript.objects.values_list("language", flat=True).distinct().order_by("language"),
        "years": sorted({d.year for d in Talk.objects.exclude(date=None).dates("date", "year")}, reverse=True),
    }
    return render(request, "talks/talk_list.html", context)


@require_GET
def talk_page(request, slug):
    talk = get_object_or_404(Talk.objects.for_detail(segment_counts=False), slug=slug)
    page = build_talk_page(talk, request.GET)
    context = {"page": page, "talk": talk, "meta": talk_page_meta(page),
               "back_url": back_to_results(page.query, request.headers.get("Referer"))}
    return render(request, "talks/talk_detail.html", context)


@require_GET
def transcript_export(request, slug, pk, form):
    transcript = get_object_or_404(Transcript.objects.select_related("talk"), pk=pk, talk__slug=slug)
    segments = list(transcript.segments.select_related("speaker"))
    try:
        content = exports.export(transcript, segments, form)
    except exports.NotExportable as error:
        raise Http404(str(error)) from None
    response = HttpResponse(content, content_type=exports.FORMATS[form])
    filename = f"{slug}.{transcript.language}.{transcript.pk}.{form}"
    response["Content-Disposition"] = content_disposition_header(form in exports.SUBTITLE_FORMATS, filename)
    return response


@require_GET
def transcript_original(request, slug, pk):
    """The uploaded file exactly as it came: always a download, never rendered by the browser."""
    transcript = get_object_or_404(Transcript.objects.select_related("source_file"), pk=pk, talk__slug=slug)
    source = transcript.source_file
    # The name as uploaded (RFC 6266 `filename*` when it is not ASCII), minus control characters.
    filename = "".join("_" if unicodedata.category(ch) == "Cc" else ch for ch in source.filename) or "transcript"
    response = FileResponse(io.BytesIO(bytes(source.content)), as_attachment=True, filename=filename,
                            content_type="application/octet-stream")
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
def speaker_page(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    talks = list(Talk.objects.filter(speakers=speaker).with_duration().for_listing())
    languages = sorted({language for talk in talks for language in talk.languages()})
    total_ms = sum(talk.duration_ms or 0 for talk in talks)
    return render(request, "talks/speaker_detail.html",
                  {"speaker": speaker, "talks": talks, "languages": languages, "total_ms": total_ms})


@require_GET
def event_page(request, slug):
    event = get_object_or_404(Event, slug=slug)
    talks = Talk.objects.filter(event=event).for_listing()
    return render(request, "talks/event_detail.html", {"event": event, "talks": talks})


@require_GET
def api_talk_list(request):
    return JsonResponse({"talks": [talk_summary(talk) for talk in Talk.objects.for_listing()]},
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def api_talk_detail(request, slug):
    talk = get_object_or_404(Talk.objects.for_detail(), slug=slug)
    return JsonResponse(talk_detail(talk), json_dumps_params={"ensure_ascii": False})
