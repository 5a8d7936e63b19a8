from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from talks.models import Event, Recording, Segment, SourceFile, Speaker, Talk, TalkSpeaker, Transcript
from talks.parsing import TranscriptParseError
from talks.services import ImportRefused, editing

from .base import ServiceModelAdmin
from .forms import DATE_HELP
from .upload import UploadView

# Date fields say the format they take (the admin's calendar widget is no help on a phone or a keyboard).
DATE_FIELDS = {models.DateField: {"help_text": DATE_HELP}}


@admin.register(Speaker)
class SpeakerAdmin(ServiceModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(ServiceModelAdmin):
    formfield_overrides = DATE_FIELDS
    list_display = ["name", "date", "place"]
    search_fields = ["name", "place"]
    prepopulated_fields = {"slug": ["name"]}


class TalkSpeakerInline(admin.StackedInline):
    """Stacked: a tabular inline's inputs have no label of their own (axe-core: label)."""

    model = TalkSpeaker
    extra = 0
    verbose_name = _("speaker")
    verbose_name_plural = _("speakers")
    autocomplete_fields = ["speaker"]


# A pasted address without a scheme is taken as https (Django 6's default, asked for now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class RecordingInline(admin.StackedInline):
    """Stacked: a URL, its platform and id, part and duration do not fit one table row at 1280 px."""

    model = Recording
    extra = 0
    formfield_overrides = URL_FIELDS


@admin.register(Talk)
class TalkAdmin(ServiceModelAdmin):
    formfield_overrides = DATE_FIELDS
    list_display = ["title", "date", "event"]
    list_filter = ["event"]
    search_fields = ["title", "slug", "speakers__name"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TalkSpeakerInline, RecordingInline]
    actions = ["merge_talks"]
    change_list_template = "admin/talks/talk/change_list.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(UploadView.as_view(model_admin=self))
        return [path("upload/", upload, name="talks_talk_upload"), *super().get_urls()]

    @admin.action(description=_("Merge the selected talks (they are the same talk)"))
    def merge_talks(self, request, queryset):
        talks = list(queryset.order_by("pk"))
        if len(talks) < 2:
            self.message_user(request, _("Select at least two talks to merge."), messages.WARNING)
            return None
        target_id = request.POST.get("merge_target")
        target = next((t for t in talks if str(t.pk) == target_id), None)
        if target is None:
            return TemplateResponse(request, "admin/talks/talk/merge.html", {
                **self.admin_site.each_context(request), "talks": talks, "opts": self.model._meta,
                "action": "merge_talks", "title": _("Merge talks"),
            })
        others = [t for t in talks if t != target]
        message = "Merged in: " + "; ".join(f"{t.title} ({t.slug})" for t in others)
        editing.merge_talks(target=target, others=others)
        self.log_change(request, target, message)
        self.message_user(request, f"{len(others)} talk(s) merged into “{target}”.", messages.SUCCESS)
        return None


@admin.register(Recording)
class RecordingAdmin(ServiceModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["talk", "platform", "platform_id", "part", "duration_seconds"]
    list_filter = ["platform"]
    search_fields = ["talk__title", "platform_id", "url"]


@admin.register(Transcript)
class TranscriptAdmin(ServiceModelAdmin):
    list_display = ["talk", "language", "kind", "timed", "source_format", "source_encoding", "segments_link"]
    list_filter = ["language", "kind", "timed", "source_format"]
    search_fields = ["talk__title"]
    raw_id_fields = ["talk", "recording", "source_file"]
    readonly_fields = ["source_file", "source_section", "source_format", "source_encoding", "timed", "segments_link"]
    actions = ["reparse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("talk").annotate(segment_count=Count("segments"))

    @admin.display(description=_("segments"))
    def segments_link(self, obj):
        url = reverse("admin:talks_segment_changelist") + f"?transcript__id__exact={obj.pk}"
        return format_html('<a href="{}">{} ✎</a>', url, getattr(obj, "segment_count", obj.segments.count()))

    @admin.action(description=_("Re-parse from the original file"))
    def reparse(self, request, queryset):
        for transcript in queryset.select_related("source_file", "recording", "talk"):
            try:
                count = editing.reparse_transcript(transcript=transcript)
            except (TranscriptParseError, ImportRefused) as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.log_change(request, transcript, f"Re-parsed from {transcript.source_file.filename}: {count} segments")
            self.message_user(request, f"{transcript}: {count} segments", messages.SUCCESS)


@admin.register(Segment)
class SegmentAdmin(ServiceModelAdmin):
    """Fix a cue's words or times: open a transcript's segments from its admin page, a hundred a page."""

    list_display = ["position", "start_ms", "end_ms", "estimated", "text", "speaker"]
    list_display_links = ["position"]
    list_editable = ["start_ms", "end_ms", "text"]
    list_filter = ["transcript__language", "estimated"]
    search_fields = ["text"]
    raw_id_fields = ["transcript", "speaker"]
    list_per_page = 100
    ordering = ["transcript_id", "position"]


@admin.register(SourceFile)
class SourceFileAdmin(ServiceModelAdmin):
    list_display = ["filename", "size", "sha256", "imported_at"]
    search_fields = ["filename", "sha256"]
    exclude = ["content"]
    readonly_fields = ["filename", "sha256", "size", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
