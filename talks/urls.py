from django.urls import path

from . import views

app_name = "talks"

urlpatterns = [
    path("talks/", views.talk_list, name="talk-list"),
    path("talks/<slug:slug>/", views.talk_page, name="talk-detail"),
    path("api/talks", views.api_talk_list, name="api-talk-list"),
    path("api/talks/<slug:slug>", views.api_talk_detail, name="api-talk-detail"),
]
