from django.db import models
from django.utils.translation import gettext_lazy as _


class TranscriptIndexState(models.Model):
    """Whether a transcript's current text is in the search index, so failed writes can be repaired."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        INDEXED = "indexed", _("indexed")
        FAILED = "failed", _("failed")

    transcript = models.OneToOneField(
        "talks.Transcript", models.CASCADE, primary_key=True, related_name="index_state", verbose_name=_("transcript")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    indexed_at = models.DateTimeField(
        _("indexed as of"), null=True, blank=True,
        help_text=_("When the indexed text was read; changes after this are not in the index yet."),
    )
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index states")

    def __str__(self) -> str:
        return f"{self.transcript_id}: {self.status}"
