from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over transcripts. It listens to talks' domain signal; talks never imports search."""

    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talks.signals import transcripts_changed, transcripts_written

        from . import checks  # noqa: F401 - registers the system checks
        from .indexing import on_transcripts_changed, on_transcripts_written

        # Both are connected; each asks the configured backend whether it is its moment, so a
        # test (or a deployment) that switches SEARCH_BACKEND needs no reconnecting.
        transcripts_written.connect(on_transcripts_written, dispatch_uid="search.index_in_transaction")
        transcripts_changed.connect(on_transcripts_changed, dispatch_uid="search.index_after_commit")
