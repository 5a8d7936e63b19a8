"""The site's directories: every speaker and every event, alphabetical, with how many talks each has;
and the page about the archive, its JSON API and its feeds."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import Event, Speaker


@require_GET
def speaker_index(request):
    return render(request, "talks/speaker_list.html", {"speakers": Speaker.objects.for_index()})


@require_GET
def event_index(request):
    return render(request, "talks/event_list.html", {"events": Event.objects.for_index()})


@require_GET
def about(request):
    return render(request, "talks/about.html", {"talks_url": reverse("talks:talk-list"),
                                                "speakers_url": reverse("talks:speaker-list"),
                                                "events_url": reverse("talks:event-list")})
