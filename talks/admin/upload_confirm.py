"""The upload's confirm step: the preview again with the admin's choices, or the import itself."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from talks.parsing import TranscriptParseError
from talks.services import ImportRefused, confirming, previewing, receiving

from .forms import FileChoiceFormSet


def confirm_step(view, request, talk_form):
    token = request.POST.get("token", "")
    staged = receiving.staged_files(token=token, owner_id=request.user.pk)
    recordings = talk_form.recording_choices() if talk_form.is_valid() else None
    formset = FileChoiceFormSet(request.POST, prefix="file", form_kwargs={"recordings": recordings})
    valid = talk_form.is_valid() and formset.is_valid() and len(formset.forms) == len(staged)
    errors = [] if staged else [_("The uploaded files are gone (they are kept for a day); upload them again.")]
    choices = [confirming.FileChoice(**form.cleaned_data) for form in formset.forms] if valid else []
    previews = [
        previewing.preview(staged_file=f, language=c.language, format=c.format) for f, c in zip(staged, choices)
    ] if valid else [previewing.preview(staged_file=f) for f in staged]
    refused = [p for p, c in zip(previews, choices) if c.include and p.error]
    if request.POST.get("refresh"):
        pass  # only show the preview again, with the chosen language and format
    elif valid and not refused and staged and any(c.include for c in choices):
        try:
            results = confirming.import_staged(token=token, owner_id=request.user.pk, choices=choices,
                                               talk_slug=talk_form.talk_slug(), metadata=talk_form.metadata())
        except (TranscriptParseError, ImportRefused, ValueError) as error:
            errors.append(str(error))
        else:
            return _done(view.model_admin, request, results)
    elif valid and not refused and staged:
        errors.append(_("No file is chosen for import."))
    if not request.POST.get("refresh"):
        errors += [p.error for p in refused]
    return view.render(request, talk_form=talk_form, token=token, rows=list(zip(previews, formset.forms)),
                       formset=formset, errors=errors)


def _done(model_admin, request, results):
    talk = results[0].talk
    created = [r for r in results if r.created]
    for result in created:
        for transcript in result.transcripts:
            model_admin.log_addition(request, transcript, f"Uploaded {transcript.source_file.filename}")
    summary = "; ".join(f"{t.source_file.filename} → {t.language} ({t.segments.count()} segments)"
                        for r in created for t in r.transcripts)
    model_admin.log_change(request, talk, f"Transcripts uploaded: {summary}" if summary else "Upload changed nothing")
    unchanged = len(results) - len(created)
    messages.success(request, _("Imported: %(summary)s.") % {"summary": summary or "—"}
                     + (_(" %(count)d file(s) were already in the archive.") % {"count": unchanged} if unchanged else ""))
    return redirect(reverse("admin:talks_talk_change", args=[talk.pk]))
