"""Background jobs in the admin: each one's state (queued, running, done, failed), how far an
upload's import is, and, when a job failed, why — django-tasks-db's own list with these added."""

import django_tasks_db.admin  # noqa: F401  (registers the list this one replaces)
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from talks.tasks import import_upload, upload_progress

STATES = {"READY": _("queued"), "RUNNING": _("running"), "SUCCESSFUL": _("done"), "FAILED": _("failed")}
JOB_NAMES = {
    "talks.tasks.import_upload": _("Import an upload"),
    "search.tasks.index_later": _("Index transcripts"),
    "search.tasks.upkeep": _("Repair and tidy the search index"),
}
# django-tasks-db's own words on these pages, listed so that makemessages keeps their translations.
LIBRARY_WORDS = (_("Task Result"), _("Task Results"), _("enqueued at"), _("started at"), _("finished at"))


class StateFilter(admin.SimpleListFilter):
    """The states in the words of the state column."""

    title = _("state")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATES.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() in STATES else queryset


class JobAdmin(django_tasks_db.admin.DBTaskResultAdmin):
    list_display = ["job", "state", "outcome", "enqueued_at", "started_at", "finished_at"]
    list_filter = [StateFilter]

    @admin.display(description=_("job"), ordering="task_path")
    def job(self, obj):
        return JOB_NAMES.get(obj.task_path, obj.task_name)

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return STATES.get(obj.status, obj.status)

    def get_readonly_fields(self, request, obj=None):
        return ["job", "state", "outcome", *super().get_readonly_fields(request, obj)]

    @admin.display(description=_("progress, reason or result"))
    def outcome(self, obj):
        if obj.task_path == import_upload.module_path and obj.status in ("READY", "RUNNING"):
            progress = upload_progress(obj.args_kwargs.get("kwargs", {}))
            text = ngettext("%(imported)d of %(chosen)d file imported", "%(imported)d of %(chosen)d files imported",
                            progress.chosen)
            return text % {"imported": progress.imported, "chosen": progress.chosen}
        if obj.status == "FAILED":
            lines = [line for line in (obj.traceback or "").strip().splitlines() if line.strip()]
            return lines[-1] if lines else obj.exception_class_path
        return "" if obj.return_value is None else str(obj.return_value)[:300]


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, JobAdmin)
