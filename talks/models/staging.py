from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StagedFile(models.Model):
    """A file uploaded through the admin, waiting between preview and confirmation. Kept in the
    database, not on one server's disk, so any app server can confirm a preview another made."""

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

    class Meta:
        ordering = ["token", "position"]
        constraints = [models.UniqueConstraint(fields=["token", "position"], name="staged_file_unique_position")]
        verbose_name = _("staged file")
        verbose_name_plural = _("staged files")

    def __str__(self) -> str:
        return self.name
