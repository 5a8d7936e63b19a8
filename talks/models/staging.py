from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

STAGING_HOURS = 24
UNFINISHED = ("READY", "RUNNING")


def staging_cutoff() -> datetime.datetime:
    """Uploads previewed before this and never confirmed are abandoned."""
    return timezone.now() - datetime.timedelta(hours=STAGING_HOURS)


class UploadJobQuerySet(models.QuerySet):
    def needing_files(self) -> UploadJobQuerySet:
        """Jobs whose staged files must stay: queued or running, or failed within the day (so they can
        be retried) — never a cancelled one."""
        return self.filter(cancelled_at__isnull=True).filter(
            models.Q(job__status__in=UNFINISHED) | models.Q(job__status="FAILED", job__finished_at__gte=staging_cutoff()))

    def interrupted(self) -> UploadJobQuerySet:
        """Running jobs whose worker stopped renewing the lease: it died (or lost the database)."""
        expired = timezone.now() - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
        return self.filter(job__status="RUNNING", cancelled_at__isnull=True).filter(
            models.Q(heartbeat_at__lt=expired) | models.Q(heartbeat_at__isnull=True, job__started_at__lt=expired))


class StagedFileQuerySet(models.QuerySet):
    def abandoned(self) -> StagedFileQuerySet:
        """Older than the staging period and needed by no job."""
        return self.filter(created_at__lt=staging_cutoff()).exclude(
            token__in=UploadJob.objects.needing_files().values("token"))

    def imported(self) -> StagedFileQuerySet:
        return self.filter(imported_at__isnull=False)


class StagedFile(models.Model):
    """A file uploaded through the admin, waiting between preview and confirmation. Kept in the
    database, not on one server's disk, so any app server can confirm a preview another made.
    Once imported its content is emptied and the row kept for the day, as the record of where it went."""

    token = models.CharField(_("upload token"), max_length=64, db_index=True,
                             help_text=_("Names one upload (all its files) in the preview form."))
    position = models.PositiveIntegerField(_("position"), help_text=_("Order within the upload, from 0."))
    name = models.CharField(_("name"), max_length=500, help_text=_("The file name, or zip/member for a file from a zip."))
    content = models.BinaryField(_("content"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                              related_name="staged_files", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True,
                                       help_text=_("When an import in the background committed this file (its progress)."))
    talk = models.ForeignKey("talks.Talk", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("imported into"), help_text=_("The talk the file was imported into."))

    objects = StagedFileQuerySet.as_manager()

    class Meta:
        ordering = ["token", "position"]
        constraints = [models.UniqueConstraint(fields=["token", "position"], name="staged_file_unique_position")]
        verbose_name = _("staged file")
        verbose_name_plural = _("staged files")

    def __str__(self) -> str:
        return self.name


class UploadJob(models.Model):
    """The lease of a background job importing an upload: its worker renews `heartbeat_at` while it
    runs; a running job whose lease expired lost its worker and is queued again, to resume from the
    next file not yet imported."""

    job = models.OneToOneField(DBTaskResult, models.CASCADE, primary_key=True, related_name="upload_job",
                               verbose_name=_("job"))
    token = models.CharField(_("upload token"), max_length=64, db_index=True,
                             help_text=_("The staged files this job imports."))
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True,
                                        help_text=_("Renewed by the worker running the job, every few seconds."))
    interruptions = models.PositiveIntegerField(_("interruptions"), default=0,
                                                help_text=_("How many times a worker died during the job and it was resumed."))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = UploadJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("upload job")
        verbose_name_plural = _("upload jobs")

    def __str__(self) -> str:
        return str(self.job_id)
