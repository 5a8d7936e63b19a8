"""The upload view: files or zips received and staged, a preview of each, then the confirm step
(talks/admin/upload_confirm.py) imports them in one transaction."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from talks.models import Talk
from talks.services import previewing, receiving

from .forms import FileChoiceFormSet, MultipleFileInput, TalkChoiceForm
from .upload_confirm import confirm_step


@method_decorator(csrf_exempt, name="dispatch")
class UploadView(View):
    """CSRF is checked in post(), after the upload limits are installed: Django reads the body (and
    so the files) as soon as anything touches request.POST, and the limits must be in place first."""

    model_admin = None

    def get(self, request):
        return self.render(request, talk_form=TalkChoiceForm(initial={"talk": request.GET.get("talk")}), errors=[])

    def post(self, request):
        limits = receiving.UploadLimitHandler(request)
        request.upload_handlers.insert(0, limits)
        return csrf_protect(self.handle)(request, limits)

    def handle(self, request, limits):
        if not self.model_admin.has_add_permission(request):
            return redirect("admin:index")
        talk_form = TalkChoiceForm(request.POST)
        if request.POST.get("step") == "confirm":
            return confirm_step(self, request, talk_form)
        return self.preview_step(request, talk_form, limits)

    def preview_step(self, request, talk_form, limits):
        files = request.FILES.getlist("files")
        errors = list(limits.errors)
        if not files and not errors:
            errors.append(_("Choose one or more transcript files or a zip of them."))
        upload = receiving.stage(uploaded_files=files, owner_id=request.user.pk) if files else receiving.StagedUpload(token="")
        errors += upload.errors
        previews = [previewing.preview(staged_file=f) for f in upload.files]
        recordings = talk_form.recording_choices() if talk_form.is_valid() else None
        # A file already in the archive is not chosen: importing the same bytes again changes nothing.
        initial = [{"include": not (p.error or p.archived), "language": "", "format": ""} for p in previews]
        formset = FileChoiceFormSet(initial=initial, prefix="file", form_kwargs={"recordings": recordings})
        return self.render(request, talk_form=talk_form, token=upload.token, rows=list(zip(previews, formset.forms)),
                           formset=formset, errors=errors)

    def render(self, request, **context):
        admin = self.model_admin
        return TemplateResponse(request, "admin/talks/talk/upload.html", {
            **admin.admin_site.each_context(request),
            "opts": Talk._meta,
            "title": _("Upload transcripts"),
            "file_widget": MultipleFileInput(attrs={"multiple": True, "id": "id_files",
                                                                "aria-describedby": "id_files_helptext"}).render("files", None),
            **context,
        })
