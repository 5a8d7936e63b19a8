"""Search adds its index status and a re-index action to the transcript admin; talks knows nothing of it."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from talks.admin.models import TranscriptAdmin
from talks.models import Transcript

from .indexing import index_transcripts
from .models import TranscriptIndexState

_COLOURS = {"indexed": "#2a7a2a", "pending": "#a66f00", "failed": "#b00020"}


class IndexStatusFilter(admin.SimpleListFilter):
    title = _("search index")
    parameter_name = "index"

    def lookups(self, request, model_admin):
        return [*TranscriptIndexState.Status.choices, ("stale", _("stale"))]

    def queryset(self, request, queryset):
        from .indexing import stale_transcripts

        if self.value() == "stale":
            return queryset.filter(pk__in=stale_transcripts().values("pk"))
        if self.value():
            return queryset.filter(index_state__status=self.value())
        return queryset


class SearchableTranscriptAdmin(TranscriptAdmin):
    list_display = [*TranscriptAdmin.list_display, "index_status"]
    list_filter = [*TranscriptAdmin.list_filter, IndexStatusFilter]
    actions = [*TranscriptAdmin.actions, "reindex"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("index_state")

    @admin.display(description=_("search index"))
    def index_status(self, obj):
        state = getattr(obj, "index_state", None)
        if state is None:
            return format_html('<span style="color:{}">{}</span>', _COLOURS["pending"], _("pending"))
        stale = state.status == "indexed" and state.indexed_at and state.indexed_at < obj.updated_at
        status = "pending" if stale else state.status
        return format_html('<span title="{}" style="color:{}">{}</span>', state.error, _COLOURS[status],
                           TranscriptIndexState.Status(status).label)

    @admin.action(description=_("Re-index in search"))
    def reindex(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        if index_transcripts(transcript_ids=ids):
            for transcript in queryset:
                self.log_change(request, transcript, "Re-indexed in search")
            self.message_user(request, _("%(count)d transcript(s) re-indexed.") % {"count": len(ids)}, messages.SUCCESS)
        else:
            self.message_user(request, _("The index could not be written now; the transcripts stay marked as failed."), messages.ERROR)


admin.site.unregister(Transcript)
admin.site.register(Transcript, SearchableTranscriptAdmin)
