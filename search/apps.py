from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over transcripts; the next issue builds it. It depends on talks, never the reverse."""

    name = "search"
    verbose_name = "Search"
