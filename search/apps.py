from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over transcripts. It listens to talks' domain signal; talks never imports search."""

    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talks.signals import transcripts_changed

        from .indexing import on_transcripts_changed

        transcripts_changed.connect(on_transcripts_changed, dispatch_uid="search.index_after_commit")
