"""Driving the upload view the way a browser form does: preview, then confirm."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

UPLOAD_URL = "/admin/talks/talk/upload/"


def srt_text(lines: list[str]) -> str:
    return "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n" for i, line in enumerate(lines))


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def talk_fields(**fields):
    data = {"talk": "", "title": "", "speakers": "", "event": "", "event_date": "", "place": "", "date": "", "recordings": ""}
    data.update(fields)
    return data


def preview(client, files: dict[str, bytes], **talk):
    uploads = [SimpleUploadedFile(name, data) for name, data in files.items()]
    return client.post(UPLOAD_URL, {**talk_fields(**talk), "step": "preview", "files": uploads})


def confirm(client, previewed, changes: dict[int, dict] | None = None, **talk):
    context = previewed.context
    data = {**talk_fields(**talk), "step": "confirm", "token": context["token"]}
    forms = context["formset"].forms
    data.update({"file-TOTAL_FORMS": len(forms), "file-INITIAL_FORMS": len(forms), "file-MIN_NUM_FORMS": 0, "file-MAX_NUM_FORMS": 1000})
    for number, form in enumerate(forms):
        values = {"include": form.initial.get("include", True), "language": "", "format": "", "kind": "", "recording_url": ""}
        values.update((changes or {}).get(number, {}))
        for key, value in values.items():
            if key == "include":
                if value:
                    data[f"file-{number}-include"] = "on"
            else:
                data[f"file-{number}-{key}"] = value
    return client.post(UPLOAD_URL, data)
