"""Search adds its index status and a re-index action to the transcript admin; talks knows nothing of it."""

from django.contrib import admin, messages
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from talks.admin.models import TranscriptAdmin
from talks.models import Transcript

from .models import TranscriptIndexState
from .tasks import schedule_index


class IndexStatusFilter(admin.SimpleListFilter):
    title = _("search index")
    parameter_name = "index"

    def lookups(self, request, model_admin):
        return [*TranscriptIndexState.Status.choices, ("stale", _("stale"))]

    def queryset(self, request, queryset):
        from .indexing import stale_transcripts

        if self.value() == "stale":
            return queryset.filter(pk__in=stale_transcripts().values("pk"))
        if self.value() == TranscriptIndexState.Status.INDEXED:  # in the live index, and current
            return queryset.filter(index_state__status=self.value()).exclude(pk__in=stale_transcripts().values("pk"))
        if self.value():
            return queryset.filter(index_state__status=self.value())
        return queryset


class SearchableTranscriptAdmin(TranscriptAdmin):
    list_display = [*TranscriptAdmin.list_display, "index_status"]
    list_filter = [*TranscriptAdmin.list_filter, IndexStatusFilter]
    actions = [*TranscriptAdmin.actions, "reindex"]

    def get_queryset(self, request):
        from .indexing import live_generation

        live = live_generation()
        in_live = Q(index_state__generation=live) if live is not None else Value(False)
        return (super().get_queryset(request).select_related("index_state")
                .annotate(in_live_index=ExpressionWrapper(in_live, output_field=BooleanField())))

    @admin.display(description=_("search index"))
    def index_status(self, obj):
        state = getattr(obj, "index_state", None)
        if state is None:
            return _("pending")
        # Indexed means: this text, in the generation searches read (a rebuild may have replaced another).
        stale = state.status == "indexed" and (
            not getattr(obj, "in_live_index", True) or (state.indexed_at and state.indexed_at < obj.updated_at))
        status = "pending" if stale else state.status
        label = TranscriptIndexState.Status(status).label
        return format_html('<span title="{}">{}: {}</span>', state.error, label, state.error) if state.error and status == "failed" else label

    @admin.action(description=_("Repair: re-index in search (in the background)"))
    def reindex(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        schedule_index(changed=ids, deleted=[])
        for transcript in queryset:
            self.log_change(request, transcript, "Queued for re-indexing in search")
        self.message_user(request, _("%(count)d transcript(s) queued for re-indexing; the worker does it in a moment.")
                          % {"count": len(ids)}, messages.SUCCESS)


admin.site.unregister(Transcript)
admin.site.register(Transcript, SearchableTranscriptAdmin)
