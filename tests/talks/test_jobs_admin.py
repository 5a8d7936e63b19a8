"""The background jobs list: routine upkeep runs with nothing to do left out, results in words, an
interrupted upload job shown as such with retry and cancel (through talks.services.jobs)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.tasks import upkeep
from talks.models import StagedFile, Transcript, UploadJob
from talks.services import ImportMetadata, confirming, jobs
from talks.tasks import import_upload_later
from tests.talks.admin_helpers import srt_text

pytestmark = pytest.mark.both_databases

JOBS_URL = "/admin/django_tasks_database/dbtaskresult/"
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
UPKEEP_NAME = "Repair and tidy the search index"


def rows(client, query="", **headers) -> list[str]:
    page = client.get(JOBS_URL + query, **headers).content.decode()
    body = page.split('<table id="result_list">', 1)[1].split("</table>", 1)[0] if "result_list" in page else ""
    return body.split("<tr")[2:]  # after the header row


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections when it is done
def test_an_hour_of_upkeep_with_nothing_to_do_shows_no_upkeep_rows(admin_client, settings):
    settings.SEARCH_UPKEEP_SECONDS = 0  # each run queues the next at once: an hour of runs in one batch
    call_command("reindex", "--no-progress", stdout=open("/dev/null", "w"))  # an index, so there is nothing to repair
    upkeep.enqueue()
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=60, verbosity=0)
    assert DBTaskResult.objects.filter(task_path=upkeep.module_path, status="SUCCESSFUL").count() == 60
    assert rows(admin_client) == []
    every = rows(admin_client, "?upkeep=all")
    assert len(every) == 61 and all(UPKEEP_NAME in row and "nothing to do" in row for row in every[1:])

    StagedFile.objects.create(token="t" * 32, position=0, name="old.srt", content=b"x",
                              created_at=timezone.now())  # then made old: an abandoned upload
    StagedFile.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("db_worker", batch=True, no_startup_delay=True, max_tasks=1, verbosity=0)
    shown = rows(admin_client)
    assert len(shown) == 1 and UPKEEP_NAME in shown[0] and "1 abandoned uploaded file removed" in shown[0]
    assert "{" not in shown[0]
    assert "已删除 1 个废弃的上传文件" in rows(admin_client, **CHINESE)[0]


def test_results_are_words_not_dicts(admin_client):
    DBTaskResult.objects.create(task_path="search.tasks.index_later", status="SUCCESSFUL", backend_name="default",
                                args_kwargs={"args": [], "kwargs": {}}, run_after=timezone.now(),
                                return_value={"changed": 2, "deleted": 1})
    [row] = rows(admin_client)
    assert "2 transcripts indexed; 1 removed from the index" in row and "{" not in row


def queued_upload(admin_user) -> str:
    for position, line in enumerate(["Lighthouses guide ships", "Keepers trim the lamps"]):
        StagedFile.objects.create(token="u" * 32, position=position, name=f"{position}.srt",
                                  content=srt_text([line]).encode(), owner=admin_user)
    return import_upload_later(token="u" * 32, owner_id=admin_user.pk, choices=[confirming.FileChoice(language="en")] * 2,
                               talk_slug="", metadata=ImportMetadata(title="Lamps"))


def die_mid_job(job_id: str, *, imported: int) -> None:
    """As a worker killed after `imported` files: the job left running, its lease old."""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=job_id).update(status="RUNNING", started_at=long_ago, worker_ids=["dead"])
    UploadJob.objects.filter(pk=job_id).update(heartbeat_at=long_ago)
    StagedFile.objects.filter(position__lt=imported).update(imported_at=long_ago, content=b"")


def test_an_interrupted_job_is_shown_as_resuming_in_both_languages(admin_client, admin_user):
    job_id = queued_upload(admin_user)
    die_mid_job(job_id, imported=1)
    [row] = rows(admin_client)
    assert "interrupted — resuming" in row and "1 of 2 files imported" in row
    assert jobs.resume_interrupted() == 1
    assert DBTaskResult.objects.get(pk=job_id).status == "READY"
    [row] = rows(admin_client)
    assert "interrupted — resuming" in row
    assert "已中断 — 正在恢复" in rows(admin_client, **CHINESE)[0]


def test_cancel_keeps_what_was_imported_and_drops_the_rest(admin_client, admin_user):
    job_id = queued_upload(admin_user)
    die_mid_job(job_id, imported=1)
    done = admin_client.post(JOBS_URL, {"action": "cancel", "_selected_action": [job_id]}, follow=True)
    assert "1 job cancelled; the files imported so far stay." in done.content.decode()
    assert DBTaskResult.objects.get(pk=job_id).status == "FAILED"
    assert list(StagedFile.objects.values_list("position", flat=True)) == [0]  # the imported one's record
    [row] = rows(admin_client)
    assert "cancelled" in row
    again = admin_client.post(JOBS_URL, {"action": "retry", "_selected_action": [job_id]}, follow=True)
    assert "1 job left as it was" in again.content.decode()
    assert DBTaskResult.objects.get(pk=job_id).status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_retry_runs_a_failed_job_again_from_its_next_file(admin_client, admin_user):
    job_id = queued_upload(admin_user)
    DBTaskResult.objects.filter(pk=job_id).update(status="FAILED", finished_at=timezone.now(), traceback="OSError: disk full")
    StagedFile.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert StagedFile.objects.abandoned().count() == 0  # a job that may be retried keeps its files past the day
    done = admin_client.post(JOBS_URL, {"action": "retry", "_selected_action": [job_id]}, follow=True)
    assert "1 job queued again." in done.content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get(pk=job_id).status == "SUCCESSFUL"
    assert Transcript.objects.count() == 2
    [row] = [r for r in rows(admin_client) if "Import an upload" in r]
    assert "2 files imported into the talk lamps" in row


@pytest.mark.django_db(transaction=True)
def test_a_job_cancelled_while_it_runs_stops_before_its_next_file(admin_client, admin_user, monkeypatch):
    job_id = queued_upload(admin_user)
    real = jobs.renew_lease
    calls = []

    def cancel_after_the_first_file(*, job_id):
        calls.append(job_id)
        if len(calls) == 3:  # the lease taken, the first file's check, then the admin cancels
            jobs.cancel_jobs(job_ids=[job_id])
        real(job_id=job_id)

    monkeypatch.setattr(jobs, "renew_lease", cancel_after_the_first_file)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get(pk=job_id).status == "FAILED"
    assert Transcript.objects.count() == 1 and list(StagedFile.objects.values_list("position", flat=True)) == [0]
    [row] = [r for r in rows(admin_client) if "Import an upload" in r]
    assert "cancelled" in row
