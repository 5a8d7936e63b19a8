"""Background jobs in the admin: each one's state (queued, running, done, failed), how far an
upload's import is, and, when a job failed, why — django-tasks-db's own list with these added."""

import django_tasks_db.admin  # noqa: F401  (registers the list this one replaces)
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from talks.tasks import import_upload, upload_progress

STATES = {"READY": _("queued"), "RUNNING": _("running"), "SUCCESSFUL": _("done"), "FAILED": _("failed")}


class JobAdmin(django_tasks_db.admin.DBTaskResultAdmin):
    list_display = ["task_name", "state", "enqueued_at", "run_after", "started_at", "finished_at", "outcome"]

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return STATES.get(obj.status, obj.status)

    def get_readonly_fields(self, request, obj=None):
        return ["state", "outcome", *super().get_readonly_fields(request, obj)]

    @admin.display(description=_("progress, reason or result"))
    def outcome(self, obj):
        if obj.task_path == import_upload.module_path and obj.status in ("READY", "RUNNING"):
            progress = upload_progress(obj.args_kwargs.get("kwargs", {}))
            return _("%(imported)d of %(chosen)d files imported") % {"imported": progress.imported, "chosen": progress.chosen}
        if obj.status == "FAILED":
            lines = [line for line in (obj.traceback or "").strip().splitlines() if line.strip()]
            return lines[-1] if lines else obj.exception_class_path
        return "" if obj.return_value is None else str(obj.return_value)[:300]


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, JobAdmin)
