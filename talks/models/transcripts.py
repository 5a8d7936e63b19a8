from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .people import Speaker
from .talks import Recording, Talk


class SourceFile(models.Model):
    """An uploaded file kept byte for byte, so any transcript can be parsed again."""

    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), help_text=_("The file exactly as uploaded."))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, help_text=_("Identifies the same file uploaded again."))
    size = models.PositiveIntegerField(_("size (bytes)"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("source file")
        verbose_name_plural = _("source files")

    def __str__(self) -> str:
        return self.filename


class TranscriptQuerySet(models.QuerySet):
    def with_segment_count(self) -> TranscriptQuerySet:
        return self.annotate(segment_count=models.Count("segments"))


class Transcript(models.Model):
    class Kind(models.TextChoices):
        SUBTITLES = "subtitles", _("subtitles")
        SPEECH_RECOGNITION = "asr", _("speech recognition")
        TRANSLATION = "translation", _("translation")

    talk = models.ForeignKey(Talk, models.CASCADE, related_name="transcripts", verbose_name=_("talk"))
    recording = models.ForeignKey(
        Recording,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="transcripts",
        verbose_name=_("recording"),
        help_text=_("The recording the times refer to (or the upload an untimed text was taken from). Empty when unknown."),
    )
    language = models.CharField(_("language"), max_length=35, help_text=_("BCP 47 tag: en, de, tr, zh-Hans…"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SUBTITLES)
    timed = models.BooleanField(_("timed"), help_text=_("Whether the source file gives times for its segments."))
    source_file = models.ForeignKey(SourceFile, models.PROTECT, related_name="transcripts", verbose_name=_("source file"))
    source_section = models.PositiveSmallIntegerField(
        _("section"), default=0, help_text=_("Which of the file's transcripts this is, for files holding several languages.")
    )
    source_format = models.CharField(_("detected format"), max_length=30)
    source_encoding = models.CharField(_("detected encoding"), max_length=30)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TranscriptQuerySet.as_manager()

    class Meta:
        ordering = ["talk_id", "language", "id"]
        constraints = [models.UniqueConstraint(fields=["source_file", "source_section"], name="transcript_unique_section")]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self) -> str:
        return f"{self.talk} [{self.language}, {self.get_kind_display()}]"


class SegmentQuerySet(models.QuerySet):
    def speaker_names(self, segment_ids) -> dict[int, str]:
        """Segment id → the name of who said it, for the segments whose transcript names a speaker."""
        found = self.filter(pk__in=list(segment_ids), speaker__isnull=False).values_list("pk", "speaker__name")
        return dict(found)


class Segment(models.Model):
    transcript = models.ForeignKey(Transcript, models.CASCADE, related_name="segments", verbose_name=_("transcript"))
    position = models.PositiveIntegerField(_("position"), help_text=_("Order within the transcript, from 0."))
    start_ms = models.PositiveIntegerField(_("start (ms)"), null=True, blank=True)
    end_ms = models.PositiveIntegerField(_("end (ms)"), null=True, blank=True)
    estimated = models.BooleanField(
        _("estimated times"), default=False, help_text=_("Times spread over the recording's length, not read from the file.")
    )
    text = models.TextField(_("text"), blank=True)
    sound = models.CharField(
        _("non-speech"), max_length=200, blank=True, help_text=_("Markers such as APPLAUSE or (audience laughs): not words spoken.")
    )
    speaker = models.ForeignKey(
        Speaker, models.SET_NULL, null=True, blank=True, related_name="segments", verbose_name=_("speaker")
    )

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["transcript_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "position"], name="segment_unique_position"),
            models.CheckConstraint(condition=Q(start_ms__isnull=True, end_ms__isnull=True) | Q(start_ms__isnull=False, end_ms__isnull=False), name="segment_times_both_or_neither"),
            models.CheckConstraint(condition=Q(start_ms__isnull=True) | Q(end_ms__gte=F("start_ms")), name="segment_end_after_start"),
        ]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return f"{self.transcript_id}#{self.position}"

    @property
    def start_seconds(self) -> float | None:
        return None if self.start_ms is None else self.start_ms / 1000

    @property
    def end_seconds(self) -> float | None:
        return None if self.end_ms is None else self.end_ms / 1000
