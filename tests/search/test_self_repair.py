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
from search.backends.whoosh.storage import DAMAGED
from search.indexing import stale_transcripts
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
    assert out.getvalue().startswith("rebuilt (the index was missing, damaged or built by another version): 2 transcripts")
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


def _current_generation(search_index):
    return search_index / os.readlink(search_index / "current")


@pytest.mark.django_db(transaction=True)
def test_an_empty_table_of_contents_answers_503_and_reindex_stale_rebuilds(client, search_index):
    import_transcript(data=SRT("Heliotrope garden").encode(), filename="h.srt", language="en")
    damaged = _current_generation(search_index)
    for toc in damaged.glob("_MAIN_*.toc"):
        toc.write_bytes(b"")
    get_backend.cache_clear()  # as after a restart: nothing opened before
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["search"] == "failed: " + DAMAGED  # no error text, no path
    assert client.get("/api/search", {"q": "heliotrope"}).status_code == 503
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert out.getvalue().startswith("rebuilt (the index was missing, damaged or built by another version): 1 transcripts")
    assert _current_generation(search_index) != damaged
    assert client.get("/healthz").status_code == 200 and hits("heliotrope") == 1


@pytest.mark.django_db(transaction=True)
def test_overwritten_postings_are_found_by_check_and_the_upkeep_rebuilds(client, search_index):
    import_transcript(data=SRT("Marmalade factory").encode(), filename="m.srt", language="en")
    import_transcript(data=SRT("Saffron harvest").encode(), filename="s.srt", language="en")
    damaged = _current_generation(search_index)
    for postings in damaged.glob("*.pst"):
        postings.write_bytes(bytes(range(256)) * (postings.stat().st_size // 256 + 1))
    get_backend.cache_clear()
    assert client.get("/api/search", {"q": "saffron"}).status_code == 503  # not a 500
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["search"] == "failed: " + DAMAGED
    result = upkeep.call()
    assert result["rebuilt"] is True and result["transcripts"] == 2
    assert _current_generation(search_index) != damaged
    assert client.get("/healthz").status_code == 200 and hits("saffron") == 1 and hits("marmalade") == 1


@pytest.mark.django_db(transaction=True)
def test_reindex_stale_indexes_a_transcript_marked_indexed_that_the_index_does_not_hold():
    kept = import_transcript(data=SRT("Tangerine dream").encode(), filename="t.srt", language="en").transcripts[0]
    get_backend().delete_transcripts([kept.pk])  # lost behind the state's back (e.g. a generation swapped away)
    assert TranscriptIndexState.objects.get(transcript=kept).status == "indexed" and hits("tangerine") == 0
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert out.getvalue().startswith("repaired: 1 transcripts, 1 segments indexed, 0 removed")
    assert hits("tangerine") == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_into_a_generation_a_rebuild_replaced_is_stale_and_repaired(search_index, admin_client):
    first = import_transcript(data=SRT("Obsidian mirror").encode(), filename="o.srt", language="en").transcripts[0]
    old = get_backend().live_generation()
    # A rebuild that snapshotted before `first` committed: the new generation lacks it.
    new = get_backend().rebuild([])
    assert new != old and get_backend().live_generation() == new
    assert TranscriptIndexState.objects.get(transcript=first).generation == old
    assert list(stale_transcripts()) == [first]
    listed = "/admin/talks/transcript/?index={}".format
    assert "0 transcripts" in admin_client.get(listed("indexed")).content.decode()
    stale_page = admin_client.get(listed("stale")).content.decode()
    assert "1 transcript" in stale_page and "<td class=\"field-index_status\">pending</td>" in stale_page
    call_command("reindex", "--stale", "--no-progress", stdout=io.StringIO())
    assert TranscriptIndexState.objects.get(transcript=first).generation == new and hits("obsidian") == 1
    assert "<td class=\"field-index_status\">indexed</td>" in admin_client.get(listed("indexed")).content.decode()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("command", [["reindex"], ["reindex", "--stale"]])
def test_dropped_postgres_search_tables_and_configuration_are_made_again_by_reindex(client, settings, command):
    from django.db import connection

    from search.backends.postgres.schema import restore_missing

    settings.SEARCH_BACKEND = settings.SEARCH_BACKENDS["postgres"]
    settings.SEARCH_BACKEND_OPTIONS = {"statement_timeout_ms": 3000}
    import_transcript(data=SRT("Porcelain teapot").encode(), filename="p.srt", language="en")
    assert hits("porcelain") == 1
    try:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE search_pg_passage, search_pg_term")
            cursor.execute("DROP TEXT SEARCH CONFIGURATION talkarchive_english")
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["search"] == ("failed: The search index is missing search_pg_passage, search_pg_term, "
                                           "talkarchive_english; the worker rebuilds it (or run `manage.py reindex`).")
        assert client.get("/api/search", {"q": "porcelain"}).status_code == 503
        out = io.StringIO()
        call_command(*command, "--no-progress", stdout=out)
        assert out.getvalue().split(":")[0] == ("rebuilt" if command == ["reindex"] else
                                               "rebuilt (the index was missing, damaged or built by another version)")
        assert client.get("/healthz").status_code == 200 and hits("porcelain") == 1 and hits("teapots") == 1
    finally:
        restore_missing(connection)  # never leave the test database without them
