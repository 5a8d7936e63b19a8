"""Editing in the admin: every change reaches the search index after commit, and is logged."""

import io
import threading

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command

from search.models import TranscriptIndexState
from search.service import search_archive
from talks.models import Recording, Segment, Talk, Transcript
from talks.services import import_transcript
from tests.talks.admin_helpers import confirm, preview, srt_text

pytestmark = pytest.mark.both_databases

LECTURE = "wei-chung-stanford-cs25"


def hits(q, **kwargs):
    return search_archive(q=q, **kwargs).total_hits


def changelist_form(segments):
    data = {"form-TOTAL_FORMS": len(segments), "form-INITIAL_FORMS": len(segments), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000, "_save": "Save"}
    for number, segment in enumerate(segments):
        data.update({f"form-{number}-id": segment.pk, f"form-{number}-start_ms": segment.start_ms,
                     f"form-{number}-end_ms": segment.end_ms, f"form-{number}-text": segment.text})
    return data


def test_editing_a_segment_makes_new_words_findable_and_old_ones_not(staff, demo):
    transcript = Transcript.objects.get(talk__slug=LECTURE)
    url = f"/admin/talks/segment/?transcript__id__exact={transcript.pk}"
    page = staff.get(url)
    assert page.status_code == 200 and len(page.context["cl"].result_list) == 100  # paginated
    segments = list(page.context["cl"].result_list)
    target = next(s for s in segments if s.text == "So in 2019, I was trying to build one of the first lung")
    assert hits('"first lung"') == 1
    data = changelist_form(segments)
    number = segments.index(target)
    data[f"form-{number}-text"] = "So in 2019, I was trying to build one of the first zeppelin"
    response = staff.post(url, data)
    assert response.status_code == 302
    assert Segment.objects.get(pk=target.pk).text.endswith("zeppelin")
    assert hits("zeppelin") == 1 and hits('"first lung"') == 0
    assert LogEntry.objects.filter(object_id=str(target.pk), action_flag=CHANGE).exists()


def test_times_that_end_before_they_start_are_refused_in_the_form(staff, demo):
    transcript = Transcript.objects.get(talk__slug=LECTURE)
    url = f"/admin/talks/segment/?transcript__id__exact={transcript.pk}"
    segments = list(staff.get(url).context["cl"].result_list)
    data = changelist_form(segments)
    data["form-0-end_ms"] = 1
    data["form-0-start_ms"] = 5000
    response = staff.post(url, data)
    assert response.status_code == 200 and response.context["cl"].formset.errors[0]
    assert Segment.objects.get(pk=segments[0].pk).start_ms == 0


def test_deleting_a_talk_removes_its_hits(staff, demo):
    talk = Talk.objects.get(slug=LECTURE)
    before = search_archive(q="language")
    in_lecture = next(t.hit_count for t in before.talks if t.talk == talk)
    response = staff.post(f"/admin/talks/talk/{talk.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Talk.objects.filter(slug=LECTURE).exists()
    assert search_archive(q="language").total_hits == before.total_hits - in_lecture > 0


def test_deleting_a_transcript_removes_its_hits(staff, demo):
    transcript = Transcript.objects.get(language="tr")
    assert hits("yakıt") == 1
    staff.post("/admin/talks/transcript/", {"action": "delete_selected", "_selected_action": [transcript.pk], "post": "yes"})
    assert not Transcript.objects.filter(pk=transcript.pk).exists() and hits("yakıt") == 0


def test_merging_two_talks(staff, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = import_transcript(data=srt_text(["Inference time compute is the next frontier"]).encode(),
                                      filename="dup.srt", title="Ilya at NeurIPS (copy)", language="en",
                                      recording_url="https://www.youtube.com/watch?v=abcdefghijk")
    assert [t.talk for t in search_archive(q="frontier").talks] == [duplicate.talk]
    target = Talk.objects.get(slug="sutskever-neurips-2024-test-of-time")
    selection = {"action": "merge_talks", "_selected_action": [target.pk, duplicate.talk.pk]}
    asked = staff.post("/admin/talks/talk/", selection)
    assert asked.status_code == 200 and b"Choose the one to keep" in asked.content
    staff.post("/admin/talks/talk/", {**selection, "merge_target": target.pk})
    assert not Talk.objects.filter(pk=duplicate.talk.pk).exists()
    assert target.transcripts.count() == 6 and Recording.objects.filter(talk=target, platform="youtube").exists()
    found = search_archive(q="frontier")
    assert [t.talk.slug for t in found.talks] == [target.slug]
    assert LogEntry.objects.filter(object_id=str(target.pk), change_message__startswith="Merged in").exists()


def test_reparse_from_the_original_file(staff, demo):
    transcript = Transcript.objects.get(language="de")
    transcript.segments.filter(position=0).update(text="verdorben")
    staff.post("/admin/talks/transcript/", {"action": "reparse", "_selected_action": [transcript.pk]})
    assert transcript.segments.get(position=0).text.startswith("Ich möchte mich bei den Organisatoren")
    assert hits("verdorben") == 0 and hits("Organisatoren") == 1


@pytest.mark.django_db(transaction=True)  # the worker closes the database connections when it is done
def test_index_status_is_shown_and_the_reindex_action_repairs(staff, demo, settings):
    transcript = Transcript.objects.get(language="tr")
    TranscriptIndexState.objects.filter(transcript=transcript).update(status="failed", error="LockError: simulated")
    page = staff.get("/admin/talks/transcript/?index=failed").content.decode()
    assert "failed" in page and "LockError: simulated" in page and page.count('title="') >= 1
    staff.post("/admin/talks/transcript/", {"action": "reindex", "_selected_action": [transcript.pk]})
    # The request only queued the repair; the worker does it.
    assert TranscriptIndexState.objects.get(transcript=transcript).status == "failed"
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert TranscriptIndexState.objects.get(transcript=transcript).status == "indexed"


@pytest.mark.django_db(transaction=True)
def test_an_upload_during_a_full_reindex_is_not_lost(admin_client, monkeypatch):
    call_command("load_demo", stdout=io.StringIO())
    import search.indexing as indexing

    reading = threading.Event()
    upload_done = threading.Event()
    original = indexing.transcript_documents

    def slow_documents(ids=None, **kwargs):
        for number, document in enumerate(original(ids, **kwargs)):
            if number == 1:
                reading.set()
                upload_done.wait(timeout=30)  # the rebuild is half way when the upload commits
            yield document

    monkeypatch.setattr(indexing, "transcript_documents", slow_documents)
    errors = []
    rebuild = threading.Thread(target=lambda: _run(errors, lambda: call_command("reindex", "--no-progress", stdout=io.StringIO())))
    rebuild.start()
    assert reading.wait(timeout=30)
    monkeypatch.setattr(indexing, "transcript_documents", original)
    previewed = preview(admin_client, {"late.srt": srt_text(["Quasicrystals arrived during the rebuild"]).encode()}, title="Late talk")
    assert confirm(admin_client, previewed, title="Late talk").status_code == 302
    upload_done.set()
    rebuild.join(timeout=60)
    assert not errors
    assert hits("quasicrystals") == 1 and hits("Organisatoren") == 1


def _run(errors, work):
    try:
        work()
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
