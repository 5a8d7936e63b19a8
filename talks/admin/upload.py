"""The upload view: files or zips in, a preview of each, then one transaction for all of them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from talks.models import Talk
from talks.parsing import TranscriptParseError
from talks.services import ImportRefused, uploads

from .forms import FileChoiceFormSet, MultipleFileInput, TalkChoiceForm


@method_decorator(csrf_exempt, name="dispatch")
class UploadView(View):
    """CSRF is checked in post(), after the upload limits are installed: Django reads the body (and
    so the files) as soon as anything touches request.POST, and the limits must be in place first."""

    model_admin = None

    def get(self, request):
        return self.render(request, talk_form=TalkChoiceForm(initial={"talk": request.GET.get("talk")}), errors=[])

    def post(self, request):
        limits = uploads.UploadLimitHandler(request)
        request.upload_handlers.insert(0, limits)
        return csrf_protect(self.handle)(request, limits)

    def handle(self, request, limits):
        if not self.model_admin.has_add_permission(request):
            return redirect("admin:index")
        talk_form = TalkChoiceForm(request.POST)
        if request.POST.get("step") == "confirm":
            return self.confirm(request, talk_form)
        files = request.FILES.getlist("files")
        errors = list(limits.errors)
        if not files and not errors:
            errors.append(_("Choose one or more transcript files or a zip of them."))
        token, staged, stage_errors = uploads.stage(files) if files else ("", [], [])
        errors += stage_errors
        previews = [uploads.preview(f) for f in staged]
        recordings = talk_form.recording_choices() if talk_form.is_valid() else None
        initial = [{"include": not p.error, "language": "", "format": ""} for p in previews]
        formset = FileChoiceFormSet(initial=initial, prefix="file", form_kwargs={"recordings": recordings})
        return self.render(request, talk_form=talk_form, token=token, rows=list(zip(previews, formset.forms)),
                           formset=formset, errors=errors)

    def confirm(self, request, talk_form):
        token = request.POST.get("token", "")
        staged = uploads.staged_files(token)
        recordings = talk_form.recording_choices() if talk_form.is_valid() else None
        formset = FileChoiceFormSet(request.POST, prefix="file", form_kwargs={"recordings": recordings})
        valid = talk_form.is_valid() and formset.is_valid() and len(formset.forms) == len(staged)
        errors = [] if staged else [_("The uploaded files are gone (they are kept for a day); upload them again.")]
        choices = [uploads.FileChoice(**form.cleaned_data) for form in formset.forms] if valid else []
        previews = [
            uploads.preview(f, language=c.language, format=c.format) for f, c in zip(staged, choices)
        ] if valid else [uploads.preview(f) for f in staged]
        refused = [p for p, c in zip(previews, choices) if c.include and p.error]
        if request.POST.get("refresh"):
            pass  # only show the preview again, with the chosen language and format
        elif valid and not refused and staged and any(c.include for c in choices):
            try:
                results = uploads.import_staged(token=token, choices=choices, talk_slug=talk_form.talk_slug(),
                                                metadata=talk_form.metadata())
            except (TranscriptParseError, ImportRefused, ValueError) as error:
                errors.append(str(error))
            else:
                return self.done(request, results)
        elif valid and not refused and staged:
            errors.append(_("No file is chosen for import."))
        if not request.POST.get("refresh"):
            errors += [p.error for p in refused]
        return self.render(request, talk_form=talk_form, token=token, rows=list(zip(previews, formset.forms)),
                           formset=formset, errors=errors)

    def done(self, request, results):
        talk = results[0].talk
        created = [r for r in results if r.created]
        for result in created:
            for transcript in result.transcripts:
                self.model_admin.log_addition(request, transcript, f"Uploaded {transcript.source_file.filename}")
        summary = "; ".join(f"{t.source_file.filename} → {t.language} ({t.segments.count()} segments)"
                            for r in created for t in r.transcripts)
        self.model_admin.log_change(request, talk, f"Transcripts uploaded: {summary}" if summary else "Upload changed nothing")
        unchanged = len(results) - len(created)
        messages.success(request, _("Imported: %(summary)s.") % {"summary": summary or "—"}
                         + (_(" %(count)d file(s) were already in the archive.") % {"count": unchanged} if unchanged else ""))
        return redirect(reverse("admin:talks_talk_change", args=[talk.pk]))

    def render(self, request, **context):
        admin = self.model_admin
        return TemplateResponse(request, "admin/talks/talk/upload.html", {
            **admin.admin_site.each_context(request),
            "opts": Talk._meta,
            "title": _("Upload transcripts"),
            "file_widget": MultipleFileInput(attrs={"multiple": True, "id": "id_files"}).render("files", None),
            **context,
        })
