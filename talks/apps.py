from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = _("Talks and transcripts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .parsing import chinese

        settings.ARCHIVE_DATA_DIR.mkdir(parents=True, exist_ok=True)
        cache = settings.ARCHIVE_DATA_DIR / "cache"
        cache.mkdir(exist_ok=True)
        chinese.configure_cache(str(cache))


class BackgroundJobsConfig(TasksAppConfig):
    """django-tasks-db, named for the people who read the admin (its own name is not translated)."""

    verbose_name = _("Background jobs")


class LoginProtectionConfig(AxesAppConfig):
    """django-axes, named for the people who read the admin (its own name, "Axes", is not translated)."""

    verbose_name = _("Login protection")
