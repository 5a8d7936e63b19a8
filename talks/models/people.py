from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def alphabetical(rows, key):
    """Sorted by name in any case, the same on SQLite and PostgreSQL (whose collations differ)."""
    return sorted(rows, key=lambda row: (key(row).casefold(), key(row)))


class SpeakerQuerySet(models.QuerySet):
    def for_index(self) -> list[Speaker]:
        """Speakers with at least one talk, alphabetical, each with `talk_count`."""
        speakers = self.annotate(talk_count=models.Count("talks", distinct=True)).filter(talk_count__gt=0)
        return alphabetical(speakers, lambda speaker: speaker.name)

    def named_like(self, text: str) -> SpeakerQuerySet:
        """Speakers whose slug, name or another spelling contains the text, in any case. Compared in Python so
        every database agrees: SQLite's LIKE folds ASCII letters only, and a JSON list compared as text matches
        its own quotes and escapes."""
        needle = text.strip().casefold()
        if not needle:
            return self.none()
        rows = self.values_list("pk", "slug", "name", "other_names")
        return self.filter(pk__in=[pk for pk, slug, name, others in rows
                                   if any(needle in value.casefold() for value in (slug, name, *others))])


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("The name as the speaker writes it."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True, help_text=_("Used in URLs and in speaker: filters."))
    other_names = models.JSONField(
        _("other spellings"),
        default=list,
        blank=True,
        help_text=_("Other spellings of the name, as a list: transliterations, ASR misspellings, native script."),
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("talks:speaker-detail", args=[self.slug])

    def all_names(self) -> list[str]:
        return [self.name, *self.other_names]


class EventQuerySet(models.QuerySet):
    def for_index(self) -> list[Event]:
        """Events with at least one talk, alphabetical, each with `talk_count`."""
        events = self.annotate(talk_count=models.Count("talks", distinct=True)).filter(talk_count__gt=0)
        return alphabetical(events, lambda event: event.name)

    def named_like(self, text: str) -> EventQuerySet:
        """Events with this slug, or whose name contains the text in any case (compared in Python,
        as SpeakerQuerySet.named_like, so every database folds case alike)."""
        needle = text.strip().casefold()
        if not needle:
            return self.none()
        rows = self.values_list("pk", "slug", "name")
        return self.filter(pk__in=[pk for pk, slug, name in rows if slug == text.strip() or needle in name.casefold()])


class Event(models.Model):
    name = models.CharField(_("name"), max_length=200, help_text=_("For example “NeurIPS 2024”."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The first day of the event."))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("City and country, or “online”."))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("talks:event-detail", args=[self.slug])
