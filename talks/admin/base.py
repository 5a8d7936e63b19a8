"""Every admin save and delete goes through talks.services, which announces what it changed."""

from django.contrib import admin

from talks.services import editing


class ServiceModelAdmin(admin.ModelAdmin):
    """A ModelAdmin that never writes the models itself: it hands them to editing.save_records."""

    def save_model(self, request, obj, form, change):
        editing.save_records(saved=[obj])

    def delete_model(self, request, obj):
        editing.save_records(deleted=[obj])

    def delete_queryset(self, request, queryset):
        editing.save_records(deleted=list(queryset))

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        editing.save_records(saved=saved, deleted=formset.deleted_objects)
        formset.save_m2m()
