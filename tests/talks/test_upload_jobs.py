"""Large admin uploads are imported by the worker, file by file, with their progress in the jobs list."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from search.service import search_archive
from talks.models import StagedFile, Transcript
from talks.services import confirming
from talks.tasks import import_upload
from tests.talks.admin_helpers import confirm, preview, srt_text

pytestmark = pytest.mark.both_databases

JOBS_URL = "/admin/django_tasks_database/dbtaskresult/"
FILES = {"first.srt": srt_text(["Gradient descent finds the valley"]).encode(),
         "second.srt": srt_text(["Backpropagation carries the error home"]).encode()}


@pytest.fixture
def small_inline_limit(settings):
    settings.UPLOAD_INLINE_MAX_BYTES = min(len(data) for data in FILES.values()) - 1


def queue_upload(client):
    previewed = preview(client, FILES, title="Background talk", speakers="Grace Hopper")
    return previewed, confirm(client, previewed, title="Background talk", speakers="Grace Hopper")


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections when it is done
def test_a_large_upload_is_queued_then_imported_by_the_worker(admin_client, admin_user, small_inline_limit):
    _, confirmed = queue_upload(admin_client)
    assert confirmed.status_code == 302 and confirmed["Location"] == JOBS_URL
    assert Transcript.objects.count() == 0
    job = DBTaskResult.objects.get()
    assert (job.task_path, job.status) == (import_upload.module_path, "READY")
    waiting = admin_client.get(JOBS_URL).content.decode()
    assert "2 file(s) are being imported in the background" in waiting
    assert "queued" in waiting and "0 of 2 files imported" in waiting

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL" and job.return_value["files"] == 2
    assert sorted(Transcript.objects.values_list("source_file__filename", flat=True)) == ["first.srt", "second.srt"]
    assert search_archive(q="backpropagation").total_hits == 1
    assert [bytes(f.content) for f in StagedFile.objects.imported()] == [b"", b""]
    history = LogEntry.objects.filter(user=admin_user).order_by("pk").values_list("change_message", flat=True)
    assert list(history) == ["Uploaded first.srt", "Uploaded second.srt",
                             "Transcripts uploaded: first.srt → en (1 segments); second.srt → en (1 segments)"]


def test_the_jobs_list_counts_files_as_each_one_commits(admin_client, admin_user, small_inline_limit):
    previewed, _ = queue_upload(admin_client)
    job = DBTaskResult.objects.get()
    seen = []

    def progress(done, total):
        seen.append(("1 of 2 files imported" in admin_client.get(JOBS_URL).content.decode(), done, total))

    kwargs = job.args_kwargs["kwargs"]
    confirming.import_staged(token=kwargs["token"], owner_id=admin_user.pk,
                             choices=[confirming.FileChoice(**c) for c in kwargs["choices"]],
                             talk_slug=kwargs["talk_slug"], metadata=confirming.ImportMetadata(), file_by_file=True,
                             progress=progress)
    assert seen == [(True, 1, 2), (False, 2, 2)]


def test_a_small_upload_is_imported_in_the_request(admin_client, settings):
    settings.UPLOAD_INLINE_MAX_BYTES = sum(len(data) for data in FILES.values())
    _, confirmed = queue_upload(admin_client)
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/admin/talks/talk/")
    assert Transcript.objects.count() == 2 and not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_files_expired_fails_with_the_reason(admin_client, small_inline_limit):
    queue_upload(admin_client)
    StagedFile.objects.all().delete()  # as remove_abandoned() does a day later
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = DBTaskResult.objects.get(task_path=import_upload.module_path)
    assert job.status == "FAILED"
    assert confirming.GONE in admin_client.get(JOBS_URL).content.decode()


def test_metadata_travels_to_the_job_as_json_unchanged():
    import datetime
    import json

    from talks.services.metadata import (EventInfo, ImportMetadata, RecordingInfo, SpeakerInfo, SpeakerTurn,
                                         TranscriptInfo, metadata_from_json, metadata_to_json)

    metadata = ImportMetadata(
        talk_slug="t", title="Title", date=datetime.date(2024, 12, 13), summary="S",
        event=EventInfo(name="NeurIPS 2024", date=datetime.date(2024, 12, 10), place="Vancouver"),
        speakers=(SpeakerInfo(name="Jason Wei", other_names=("J. Wei",)), SpeakerInfo(name="Hyung Won Chung")),
        recordings=(RecordingInfo(url="https://www.youtube.com/watch?v=f96Xrg4uNik", duration_seconds=1069),),
        transcript=TranscriptInfo(kind="asr", speaker_turns=(SpeakerTurn(start_ms=0, speaker="Jason Wei"),
                                                             SpeakerTurn(start_ms=1825000, speaker="Hyung Won Chung"))),
        by_language={"de": TranscriptInfo(language="de", kind="translation", recording="")},
    )
    assert metadata_from_json(json.loads(json.dumps(metadata_to_json(metadata)))) == metadata
    assert metadata_from_json(metadata_to_json(ImportMetadata())) == ImportMetadata()


def test_confirming_again_after_the_import_committed_says_when_and_where_not_gone(admin_client):
    previewed = preview(admin_client, FILES, title="Committed talk")
    first = confirm(admin_client, previewed, title="Committed talk")  # the response lost, as when the server dies
    assert first.status_code == 302 and Transcript.objects.count() == 2
    again = confirm(admin_client, previewed, title="Committed talk")
    page = again.content.decode()
    assert again.status_code == 200 and "gone" not in page and Transcript.objects.count() == 2
    when = max(f.imported_at for f in StagedFile.objects.all())
    when = date_format(timezone.localtime(when), "DATETIME_FORMAT")
    expected = (f"Nothing was imported again: first.srt, second.srt had been imported at {when} "
                "into the talk “Committed talk” (/talks/committed-talk/).")
    assert again.context["errors"] == [expected]


def test_confirming_again_while_the_job_is_queued_queues_nothing(admin_client, small_inline_limit):
    previewed, _ = queue_upload(admin_client)
    again = confirm(admin_client, previewed, title="Background talk", speakers="Grace Hopper")
    assert again.context["errors"] == ["These files are being imported in the background; the jobs list shows how far."]
    assert DBTaskResult.objects.count() == 1
