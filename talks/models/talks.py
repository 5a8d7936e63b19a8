from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from talks.parsing.language import matches_language_range

from .people import Event, Speaker


class TalkQuerySet(models.QuerySet):
    def filtered(self, *, speaker: str = "", event: str = "", year: int | None = None, language: str = "") -> TalkQuerySet:
        """Talks by a speaker (slug), at an event (slug), in a year, with a transcript in a language."""
        talks = self
        if speaker:
            talks = talks.filter(speakers__slug=speaker)
        if event:
            talks = talks.filter(event__slug=event)
        if year is not None:
            talks = talks.filter(models.Q(date__year=year) | models.Q(date__isnull=True, event__date__year=year))
        if language:
            talks = talks.filter(transcripts__language__in=self._languages_matching(language))
        return talks.distinct()

    @staticmethod
    def _languages_matching(wanted: str) -> list[str]:
        from .transcripts import Transcript

        tags = Transcript.objects.values_list("language", flat=True).distinct()
        return [tag for tag in tags if matches_language_range(tag, wanted)]

    def with_duration(self) -> TalkQuerySet:
        """duration_ms: the longest recording, else the end of the last timed segment."""
        return self.annotate(
            recording_ms=models.Max("recordings__duration_seconds") * 1000,
            segments_ms=models.Max("transcripts__segments__end_ms", filter=models.Q(transcripts__segments__estimated=False)),
        )

    def for_listing(self) -> TalkQuerySet:
        """Everything a list of talks shows, in a fixed number of queries."""
        from .transcripts import Transcript

        return self.select_related("event").prefetch_related(
            models.Prefetch("talk_speakers", queryset=TalkSpeaker.objects.select_related("speaker")),
            models.Prefetch("transcripts", queryset=Transcript.objects.only("id", "talk_id", "language")),
        )

    def for_detail(self, *, segment_counts: bool = True) -> TalkQuerySet:
        """segment_counts=False for the talk page, which shows a part and never counts a transcript's cues
        (counting a 1M-cue transcript takes seconds)."""
        from .transcripts import Transcript

        transcripts = Transcript.objects.select_related("recording")
        return self.select_related("event").prefetch_related(
            models.Prefetch("talk_speakers", queryset=TalkSpeaker.objects.select_related("speaker")),
            "recordings",
            models.Prefetch("transcripts", queryset=transcripts.with_segment_count() if segment_counts else transcripts),
        )


class Talk(models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, help_text=_("Used in the talk's URL."))
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The day the talk was given, if known."))
    event = models.ForeignKey(
        Event, models.SET_NULL, null=True, blank=True, related_name="talks", verbose_name=_("event")
    )
    speakers = models.ManyToManyField(
        Speaker, through="TalkSpeaker", related_name="talks", blank=True, verbose_name=_("speakers")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("A short description; shown as plain text."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talks:talk-detail", args=[self.slug])

    def ordered_speakers(self) -> list[Speaker]:
        return [link.speaker for link in self.talk_speakers.all()]

    def languages(self) -> list[str]:
        return sorted({t.language for t in self.transcripts.all()})

    @property
    def duration_ms(self) -> int | None:
        """Needs TalkQuerySet.with_duration()."""
        return self.recording_ms or self.segments_ms


class TalkSpeaker(models.Model):
    """A speaker's place in a talk: the order speakers are named in."""

    talk = models.ForeignKey(Talk, models.CASCADE, related_name="talk_speakers", verbose_name=_("talk"))
    speaker = models.ForeignKey(Speaker, models.PROTECT, related_name="talk_links", verbose_name=_("speaker"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["talk", "speaker"], name="talkspeaker_unique")]
        verbose_name = _("speaker of a talk")
        verbose_name_plural = _("speakers of talks")

    def __str__(self) -> str:
        return gettext("%(speaker)s in %(talk)s") % {"speaker": self.speaker, "talk": self.talk}


class Recording(models.Model):
    class Platform(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        BILIBILI = "bilibili", "Bilibili"
        OTHER = "other", _("other")

    talk = models.ForeignKey(Talk, models.CASCADE, related_name="recordings", verbose_name=_("talk"))
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, default=Platform.OTHER)
    url = models.URLField(_("URL"), max_length=500, help_text=_("The video's canonical address."))
    platform_id = models.CharField(
        _("platform id"), max_length=100, blank=True, help_text=_("YouTube video id or Bilibili BV id.")
    )
    part = models.PositiveSmallIntegerField(
        _("part"), default=1, validators=[MinValueValidator(1)], help_text=_("Part number of a multi-part video (Bilibili p=).")
    )
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "url", "part"], name="recording_unique_url"),
            models.CheckConstraint(condition=models.Q(part__gte=1), name="recording_part_positive"),
        ]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.platform_id or self.url}"
