"""Background jobs in the admin: each one's state (queued, running, interrupted — resuming, done,
failed), how far an upload's import is, what a finished job did in words, and retry and cancel for
upload jobs (through talks.services.jobs) — django-tasks-db's own list with these added. Upkeep runs
that found nothing to do are left out (a filter shows them)."""

import django_tasks_db.admin  # noqa: F401  (registers the list this one replaces)
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from talks.models import UploadJob
from talks.services import jobs
from talks.tasks import import_upload, upload_progress

from .job_results import describe_result, failure_reason, moment

UPKEEP = "search.tasks.upkeep"
STATES = {"READY": _("queued"), "RUNNING": _("running"), "SUCCESSFUL": _("done"), "FAILED": _("failed")}
INTERRUPTED = _("interrupted — resuming")
JOB_NAMES = {
    "talks.tasks.import_upload": _("Import an upload"),
    "search.tasks.index_later": _("Index transcripts"),
    UPKEEP: _("Repair and tidy the search index"),
}
# django-tasks-db's own words on these pages, listed so that makemessages keeps their translations.
LIBRARY_WORDS = (_("Task Result"), _("Task Results"), _("enqueued at"), _("started at"), _("finished at"))
# An upkeep that changed nothing: every count zero (results_pruned is routine, not a change).
_QUIET_UPKEEP = Q(task_path=UPKEEP) & (Q(status="READY") | Q(
    status="SUCCESSFUL", return_value__rebuilt=False, return_value__transcripts=0, return_value__removed=0,
    return_value__staged_files_removed=0, return_value__debris=[],
) & (Q(return_value__jobs_resumed=0) | ~Q(return_value__has_key="jobs_resumed")))


class StateFilter(admin.SimpleListFilter):
    """The states in the words of the state column."""

    title = _("state")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATES.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() in STATES else queryset


class UpkeepFilter(admin.SimpleListFilter):
    """Routine upkeep runs (every minute) hidden unless they changed or failed something."""

    title = _("upkeep runs")
    parameter_name = "upkeep"

    def lookups(self, request, model_admin):
        return [("all", _("all, also those with nothing to do"))]

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == _("All"):
                choice["display"] = _("only those that changed or failed something")
            yield choice

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.exclude(_QUIET_UPKEEP)


class JobAdmin(django_tasks_db.admin.DBTaskResultAdmin):
    list_display = ["job", "state", "outcome", "enqueued", "started", "finished"]
    list_filter = [StateFilter, UpkeepFilter]
    actions = ["retry", "cancel"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("upload_job")

    @admin.display(description=_("job"), ordering="task_path")
    def job(self, obj):
        return JOB_NAMES.get(obj.task_path, obj.task_name)

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if self._interrupted(obj):
            return INTERRUPTED
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
            if self._upload_job(obj) and obj.upload_job.cancelled_at:
                return _("cancelled")
            return failure_reason(obj.traceback, obj.exception_class_path)
        return describe_result(obj.task_path, obj.return_value)

    @admin.display(description=_("enqueued at"), ordering="enqueued_at")
    def enqueued(self, obj):
        return moment(obj.enqueued_at)

    @admin.display(description=_("started at"), ordering="started_at")
    def started(self, obj):
        return moment(obj.started_at)

    @admin.display(description=_("finished at"), ordering="finished_at")
    def finished(self, obj):
        return moment(obj.finished_at)

    def _upload_job(self, obj):
        try:
            return obj.upload_job
        except UploadJob.DoesNotExist:
            return None

    def _interrupted(self, obj) -> bool:
        """Queued again after its worker died, or running on a worker whose lease expired."""
        upload_job = self._upload_job(obj)
        if upload_job is None or upload_job.cancelled_at:
            return False
        if obj.status == "READY":
            return bool(obj.worker_ids)
        return obj.status == "RUNNING" and UploadJob.objects.filter(pk=obj.pk).interrupted().exists()

    def has_manage_permission(self, request):
        return request.user.has_perm("talks.add_transcript")

    @admin.action(description=_("Retry the chosen upload jobs"), permissions=["manage"])
    def retry(self, request, queryset):
        change = jobs.retry_jobs(job_ids=[str(pk) for pk in queryset.values_list("pk", flat=True)])
        self._report(request, change, ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", change.changed))

    @admin.action(description=_("Cancel the chosen upload jobs"), permissions=["manage"])
    def cancel(self, request, queryset):
        change = jobs.cancel_jobs(job_ids=[str(pk) for pk in queryset.values_list("pk", flat=True)])
        self._report(request, change, ngettext("%(count)d job cancelled; the files imported so far stay.",
                                               "%(count)d jobs cancelled; the files imported so far stay.", change.changed))

    def _report(self, request, change, done):
        if change.changed:
            self.message_user(request, done % {"count": change.changed}, messages.SUCCESS)
        if change.unchanged:
            self.message_user(request, ngettext(
                "%(count)d job left as it was: only failed, interrupted or queued upload jobs can be retried or cancelled.",
                "%(count)d jobs left as they were: only failed, interrupted or queued upload jobs can be retried or cancelled.",
                change.unchanged) % {"count": change.unchanged}, messages.WARNING)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, JobAdmin)
