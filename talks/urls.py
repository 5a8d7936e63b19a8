from django.urls import path, register_converter

from . import directory_views, views
from .params import IdConverter

register_converter(IdConverter, "id")

app_name = "talks"

urlpatterns = [
    path("talks/", views.talk_list, name="talk-list"),
    path("talks/<slug:slug>/", views.talk_page, name="talk-detail"),
    path("talks/<slug:slug>/transcripts/<id:pk>.<str:form>", views.transcript_export, name="transcript-export"),
    path("talks/<slug:slug>/transcripts/<id:pk>/original", views.transcript_original, name="transcript-original"),
    path("about/", directory_views.about, name="about"),
    path("speakers/", directory_views.speaker_index, name="speaker-list"),
    path("events/", directory_views.event_index, name="event-list"),
    path("speakers/<slug:slug>/", views.speaker_page, name="speaker-detail"),
    path("events/<slug:slug>/", views.event_page, name="event-detail"),
    path("api/talks", views.api_talk_list, name="api-talk-list"),
    path("api/talks/<slug:slug>", views.api_talk_detail, name="api-talk-detail"),
]
