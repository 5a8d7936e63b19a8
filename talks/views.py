from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Segment, Talk
from .serializers import talk_detail, talk_summary


@require_GET
def talk_list(request):
    return render(request, "talks/talk_list.html", {"talks": Talk.objects.for_listing()})


@require_GET
def talk_page(request, slug):
    talk = get_object_or_404(Talk.objects.for_detail(), slug=slug)
    transcripts = [
        (transcript, Segment.objects.filter(transcript=transcript).select_related("speaker").order_by("position"))
        for transcript in talk.transcripts.all()
    ]
    return render(request, "talks/talk_detail.html", {"talk": talk, "transcripts": transcripts})


@require_GET
def api_talk_list(request):
    return JsonResponse({"talks": [talk_summary(talk) for talk in Talk.objects.for_listing()]})


@require_GET
def api_talk_detail(request, slug):
    talk = get_object_or_404(Talk.objects.for_detail(), slug=slug)
    return JsonResponse(talk_detail(talk), json_dumps_params={"ensure_ascii": False})
