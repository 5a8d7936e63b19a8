from django.urls import path

from . import views
from .feeds import SearchFeed

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/feed/", SearchFeed(), name="feed"),
    path("api/search", views.search_api, name="api-search"),
]
