"""A lost index is reported (503, /healthz) and rebuilt; failed writes make commands exit non-zero;
the upkeep the worker runs removes debris. (The worker as a real process: tests/test_worker.py.)"""

import io
import os
import shutil
import time

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from search.backends import get_backend
from search.models import TranscriptIndexState
from search.service import search_archive
from search.tasks import upkeep
from talks.models import StagedFile
from talks.services import import_transcript

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n".format


def hits(q):
    return search_archive(q=q).total_hits


@pytest.mark.django_db(transaction=True)
def test_a_deleted_index_answers_503_and_healthz_says_why_until_reindex_stale_rebuilds_it(client, search_index):
    import_transcript(data=SRT("Chromodynamics lecture").encode(), filename="c.srt", language="en")
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "search": "ok", "disk": "ok"}
    shutil.rmtree(search_index)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "database": "ok",
                             "search": "failed: The search index is missing; the worker rebuilds it (or run `manage.py reindex`).",
                             "disk": "ok"}
    api = client.get("/api/search", {"q": "chromodynamics"})
    assert api.status_code == 503 and api.json()["error"] == "Search is unavailable right now; please try again shortly."
    page = client.get("/search/", {"q": "chromodynamics"})
    assert page.status_code == 503 and "Search is unavailable right now" in page.content.decode()
    # A write meanwhile does not make a new, nearly empty index that would hide the loss.
    later = import_transcript(data=SRT("Later words").encode(), filename="l.srt", language="en").transcripts[0]
    assert not search_index.exists() and TranscriptIndexState.objects.get(transcript=later).status == "pending"
    assert DBTaskResult.objects.filter(task_path="search.tasks.upkeep", status="READY").count() == 1
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert out.getvalue().startswith("rebuilt (the index was missing or built by another version): 2 transcripts")
    assert client.get("/healthz").status_code == 200 and hits("chromodynamics") == 1 and hits("later") == 1


@pytest.mark.django_db(transaction=True)
def test_commands_exit_non_zero_when_the_index_write_failed(tmp_path, settings):
    settings.SEARCH_BACKEND_OPTIONS = {**settings.SEARCH_BACKEND_OPTIONS, "write_timeout": 0.1}
    get_backend().rebuild([])
    (tmp_path / "a.srt").write_text(SRT("Locked words"))
    blocker = get_backend().store.open().writer()  # another writer holds the index lock
    try:
        with pytest.raises(CommandError, match=r"^imported, but the search index could not be written for 1 transcript\(s\)"):
            call_command("import_transcripts", str(tmp_path / "a.srt"), "--language", "en", stdout=io.StringIO())
        with pytest.raises(CommandError, match=r"^the search index could not be written for 1 transcript\(s\)"):
            call_command("reindex", "--stale", "--no-progress", stdout=io.StringIO())
    finally:
        blocker.cancel()
    # The write that failed in the command went to the worker's queue.
    assert DBTaskResult.objects.filter(task_path="search.tasks.index_later", status="READY").count() == 1
    call_command("reindex", "--stale", "--no-progress", stdout=io.StringIO())
    assert hits("locked") == 1


@pytest.mark.django_db(transaction=True)
def test_upkeep_removes_a_killed_rebuilds_generation_and_abandoned_uploads_and_comes_back(search_index):
    import_transcript(data=SRT("Kept words").encode(), filename="k.srt", language="en")
    partial = search_index / "gen-99991231-235959-deadbeef"  # newer than current, never swapped in
    partial.mkdir()
    (partial / "MAIN_x.seg").write_bytes(b"0" * 1000)
    old = time.time() - 3600
    os.utime(partial, (old, old))
    StagedFile.objects.create(token="t" * 32, position=0, name="old.srt", content=b"x")
    StagedFile.objects.update(created_at="2000-01-01T00:00:00Z")
    result = upkeep.call()
    assert result["debris"] == [partial.name] and not partial.exists()
    assert result["staged_files_removed"] == 1 and not StagedFile.objects.exists()
    assert hits("kept") == 1
    assert DBTaskResult.objects.filter(task_path="search.tasks.upkeep", status="READY").count() == 1
