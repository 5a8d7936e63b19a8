from django.contrib import admin

from .models import Event, Recording, Segment, SourceFile, Speaker, Talk, TalkSpeaker, Transcript


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "place"]
    search_fields = ["name", "place"]
    prepopulated_fields = {"slug": ["name"]}


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]


class RecordingInline(admin.TabularInline):
    model = Recording
    extra = 0


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "event"]
    list_filter = ["event"]
    search_fields = ["title", "slug", "speakers__name"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TalkSpeakerInline, RecordingInline]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ["talk", "platform", "platform_id", "part", "duration_seconds"]
    list_filter = ["platform"]
    search_fields = ["talk__title", "platform_id", "url"]


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    list_display = ["talk", "language", "kind", "timed", "source_format", "source_encoding"]
    list_filter = ["language", "kind", "timed", "source_format"]
    search_fields = ["talk__title"]
    raw_id_fields = ["talk", "recording", "source_file"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["transcript", "position", "start_ms", "end_ms", "estimated", "text"]
    list_filter = ["estimated", "transcript__language"]
    search_fields = ["text"]
    raw_id_fields = ["transcript", "speaker"]
    list_per_page = 100


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "size", "sha256", "imported_at"]
    search_fields = ["filename", "sha256"]
    exclude = ["content"]
    readonly_fields = ["filename", "sha256", "size", "imported_at"]

    def has_change_permission(self, request, obj=None):
        return False
