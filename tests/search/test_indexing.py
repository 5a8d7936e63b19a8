"""The index follows the database: after each commit, and repaired by `reindex --stale`."""

import io
import threading
import time

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.indexing import stale_transcripts
from search.models import TranscriptIndexState
from search.service import search_archive
from talks.models import Transcript
from talks.services import import_transcript

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n".format


def hits(q):
    return search_archive(q=q).total_hits


@pytest.mark.django_db(transaction=True)
def test_an_import_is_searchable_once_committed_and_recorded_as_indexed():
    result = import_transcript(data=SRT("Quantum chromodynamics lecture").encode(), filename="q.srt", language="en")
    assert hits("chromodynamics") == 1
    state = TranscriptIndexState.objects.get(transcript=result.transcripts[0])
    assert state.status == "indexed" and state.indexed_at >= result.transcripts[0].updated_at
    assert not stale_transcripts().exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_index_write_is_recorded_and_repaired_by_reindex_stale(settings):
    settings.SEARCH_BACKEND_OPTIONS = {**settings.SEARCH_BACKEND_OPTIONS, "write_timeout": 0.2}
    get_backend().rebuild([])  # an index exists (empty)
    index = get_backend().store.open()
    blocker = index.writer()  # another process holding the write lock, e.g. a long commit
    try:
        result = import_transcript(data=SRT("Quantum chromodynamics lecture").encode(), filename="q.srt", language="en")
    finally:
        blocker.cancel()
    transcript = result.transcripts[0]
    assert Transcript.objects.filter(pk=transcript.pk).exists()  # the data is kept
    state = TranscriptIndexState.objects.get(transcript=transcript)
    assert state.status == "failed" and "LockError" in state.error
    assert hits("chromodynamics") == 0 and list(stale_transcripts()) == [transcript]
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert "repaired: 1 transcripts" in out.getvalue()
    assert hits("chromodynamics") == 1 and not stale_transcripts().exists()


@pytest.mark.django_db(transaction=True)
def test_reindex_stale_removes_transcripts_the_database_no_longer_has():
    result = import_transcript(data=SRT("Ephemeral words here").encode(), filename="e.srt", language="en")
    Transcript.objects.filter(pk=result.transcripts[0].pk).delete()  # a bulk delete sends no signal
    assert hits("ephemeral") == 1
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert "1 removed" in out.getvalue() and hits("ephemeral") == 0


@pytest.mark.django_db(transaction=True)
def test_a_changed_transcript_is_stale_until_reindexed():
    result = import_transcript(data=SRT("Original words").encode(), filename="o.srt", language="en")
    transcript = result.transcripts[0]
    transcript.segments.update(text="Replacement words")
    transcript.save()  # bumps updated_at past the indexed moment
    assert list(stale_transcripts()) == [transcript]
    call_command("reindex", "--stale", "--no-progress", stdout=io.StringIO())
    assert hits("replacement") == 1 and hits("original") == 0


@pytest.mark.django_db(transaction=True)
def test_full_reindex_swaps_while_searches_keep_answering(search_index, django_capture_on_commit_callbacks):
    call_command("load_demo", stdout=io.StringIO())
    baseline = {q: hits(q) for q in ("neural network", "训练", "Organisatoren")}
    assert all(baseline.values())
    errors, results = [], []
    done = threading.Event()

    def rebuild():
        try:
            call_command("reindex", "--no-progress", stdout=io.StringIO())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            done.set()

    worker = threading.Thread(target=rebuild)
    worker.start()
    while not done.is_set():
        for query, expected in baseline.items():
            try:
                results.append((query, hits(query), expected))
            except Exception as error:  # noqa: BLE001 - any failed search fails the test
                errors.append(error)
        time.sleep(0.01)  # leave the rebuild thread the interpreter lock between rounds
    worker.join()
    assert not errors
    assert len(results) > 10 and all(found == expected for _, found, expected in results)
    generations = sorted(p.name for p in search_index.glob("gen-*"))
    # The first index and the rebuilt one: the previous generation stays for searches still reading it.
    assert len(generations) == 2


@pytest.mark.django_db(transaction=True)
def test_an_index_of_another_version_answers_503_until_reindex_stale_rebuilds_it(client, search_index):
    import_transcript(data=SRT("Chromodynamics again").encode(), filename="c.srt", language="en")
    current = search_index / "current"
    (current / "SCHEMA_VERSION").write_text("0")
    get_backend().store._opened = None  # a process started after the upgrade
    response = client.get("/api/search", {"q": "chromodynamics"})
    assert response.status_code == 503 and "try again" in response.json()["error"]
    out = io.StringIO()
    call_command("reindex", "--stale", "--no-progress", stdout=out)
    assert "rebuilt (the index was missing, damaged or built by another version)" in out.getvalue()
    assert client.get("/api/search", {"q": "chromodynamics"}).json()["total_hits"] == 1


def test_a_worker_warms_up_even_without_an_index(db, search_index):
    from search.warmup import warm_up

    warm_up()  # a fresh data directory: nothing raises, and nothing is made (an empty index made by a
    # reader would hide a lost one; the first write or the worker builds it from the database)
    assert not (search_index / "current").exists()
