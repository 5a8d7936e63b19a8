"""The upload's confirm step: the preview again with the admin's choices, or the import itself."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from talks.parsing import TranscriptParseError
from talks.services import ImportRefused, confirming, previewing, receiving
from talks.tasks import import_upload_later

from .forms import FileChoiceFormSet


def confirm_step(view, request, talk_form):
    token = request.POST.get("token", "")
    staged = receiving.staged_files(token=token, owner_id=request.user.pk)
    recordings = talk_form.recording_choices() if talk_form.is_valid() else None
    formset = FileChoiceFormSet(request.POST, prefix="file", form_kwargs={"recordings": recordings})
    valid = talk_form.is_valid() and formset.is_valid() and len(formset.forms) == len(staged)
    errors = [] if staged else [confirming.gone_reason(token=token, owner_id=request.user.pk)]
    choices = [confirming.FileChoice(**form.cleaned_data) for form in formset.forms] if valid else []
    previews = [
        previewing.preview(staged_file=f, language=c.language, format=c.format) for f, c in zip(staged, choices)
    ] if valid else [previewing.preview(staged_file=f) for f in staged]
    refused = [p for p, c in zip(previews, choices) if c.include and p.error]
    if request.POST.get("refresh"):
        pass  # only show the preview again, with the chosen language and format
    elif valid and not refused and _nothing_new(previews, choices):
        errors.append(_nothing_new(previews, choices))
    elif valid and not refused and staged and any(c.include for c in choices):
        if confirming.runs_in_background(token=token, owner_id=request.user.pk, choices=choices):
            return _queued(request, token=token, choices=choices, talk_form=talk_form)
        try:
            results = confirming.import_staged(token=token, owner_id=request.user.pk, choices=choices,
                                               talk_slug=talk_form.talk_slug(), metadata=talk_form.metadata())
        except (TranscriptParseError, ImportRefused, ValueError) as error:
            errors.append(str(error))
        else:
            return _done(request, results)
    elif valid and not refused and staged:
        errors.append(_("No file is chosen for import."))
    if not request.POST.get("refresh"):
        errors += [p.error for p in refused]
    return view.render(request, talk_form=talk_form, token=token, rows=list(zip(previews, formset.forms)),
                       formset=formset, errors=errors)


def _nothing_new(previews, choices) -> str:
    """Why confirming would change nothing, when every chosen file is already in the archive: said before
    anything is written, with the form as typed, rather than a success that drops the talk typed."""
    chosen = [p for p, c in zip(previews, choices) if c.include]
    if not chosen or not all(p.archived for p in chosen):
        return ""
    return _("Nothing was imported: every chosen file is already in the archive (see each file below), and a file "
             "is kept once, with the talk it was first imported into. The talk details typed here were not used.")


def _done(request, results):
    summary = confirming.log_upload(user_id=request.user.pk, results=results)
    new = [r for r in results if r.created]
    kept = [r for r in results if not r.created]
    talk = (new or results)[0].talk  # none new only when another upload took the same files meanwhile
    message = _("Imported into “%(talk)s”: %(summary)s.") % {"talk": talk.title, "summary": summary or "—"}
    if kept:
        where = "; ".join(f"{r.transcripts[0].source_file.filename} → {r.talk.title}" for r in kept)
        message += " " + _("Already in the archive, left where they are: %(files)s.") % {"files": where}
    messages.success(request, message)
    return redirect(reverse("admin:talks_talk_change", args=[talk.pk]))


def _queued(request, *, token, choices, talk_form):
    import_upload_later(token=token, owner_id=request.user.pk, choices=choices,
                        talk_slug=talk_form.talk_slug(), metadata=talk_form.metadata())
    count = sum(1 for c in choices if c.include)
    messages.success(request, _("%(count)d file(s) are being imported in the background; this list shows how far "
                                "the import is.") % {"count": count})
    return redirect(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
