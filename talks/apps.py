from django.apps import AppConfig
from django.conf import settings


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Talks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .parsing import chinese

        settings.ARCHIVE_DATA_DIR.mkdir(parents=True, exist_ok=True)
        cache = settings.ARCHIVE_DATA_DIR / "cache"
        cache.mkdir(exist_ok=True)
        chinese.configure_cache(str(cache))
