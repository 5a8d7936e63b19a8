from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "talks"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="talks:talk-list"), name="home"),
    path("talks/", views.talk_list, name="talk-list"),
    path("talks/<slug:slug>/", views.talk_page, name="talk-detail"),
    path("api/talks", views.api_talk_list, name="api-talk-list"),
    path("api/talks/<slug:slug>", views.api_talk_detail, name="api-talk-detail"),
]
