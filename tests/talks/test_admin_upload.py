"""Uploading transcripts through the admin: preview, confirm, all or nothing, and the index follows."""

import codecs
import os

import pytest
from django.contrib.admin.models import LogEntry

from search.service import search_archive
from talks.models import Segment, SourceFile, Talk, Transcript
from tests.conftest import SEEDS
from tests.talks.admin_helpers import UPLOAD_URL, confirm, preview, srt_text, zipped

pytestmark = pytest.mark.both_databases

GB18030_SRT = srt_text(["我们训练了一个很大的神经网络", "数据是人工智能的化石燃料"]).encode("gb18030")
UTF16_VTT = codecs.BOM_UTF16_LE + ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDie Organisatoren danken allen Zuhörern herzlich.\n\n"
                                   "00:00:03.000 --> 00:00:04.000\nWir haben das Netzwerk lange trainiert.\n").encode("utf-16-le")


def state():
    return {m.__name__: m.objects.count() for m in (Talk, Transcript, Segment, SourceFile)}


def hits(q):
    return search_archive(q=q).total_hits


def test_the_four_kinds_of_file_import_with_languages_and_counts_and_become_searchable(staff):
    three = {
        "talk.en.srt": srt_text(["Transformers changed everything in translation"]).encode(),
        "talk.tr.srt": srt_text(["Veri yapay zekanın fosil yakıtıdır"]).encode("utf-8"),
        "notes.txt": "Erste Anmerkung zum Vortrag. Zweite Anmerkung über Netzwerke.".encode("cp1252"),
    }
    files = {"chinese.srt": GB18030_SRT, "german.vtt": UTF16_VTT, "lecture.txt": SEEDS["whisper"].read_bytes(),
             "three.zip": zipped(three)}
    previewed = preview(staff, files, title="Uploaded talk", speakers="Ada Lovelace\nAlan Turing",
                        recordings="https://www.youtube.com/watch?v=f96Xrg4uNik")
    assert previewed.status_code == 200 and not previewed.context["errors"]
    summary = {p.name: (p.format, p.encoding, p.languages, p.segment_count) for p, _ in previewed.context["rows"]}
    assert summary == {
        "chinese.srt": ("srt", "gb18030", ["zh-Hans"], 2),
        "german.vtt": ("vtt", "utf-16", ["de"], 2),
        "lecture.txt": ("whisper", "utf-8", ["en"], 1594),
        "three.zip/talk.en.srt": ("srt", "utf-8", ["en"], 1),
        "three.zip/talk.tr.srt": ("srt", "utf-8", ["tr"], 1),
        "three.zip/notes.txt": ("text", "cp1252", ["de"], 2),
    }
    assert state() == {"Talk": 0, "Transcript": 0, "Segment": 0, "SourceFile": 0}  # a preview saves nothing
    done = confirm(staff, previewed, {0: {"recording_url": "https://www.youtube.com/watch?v=f96Xrg4uNik"}},
                   title="Uploaded talk", speakers="Ada Lovelace\nAlan Turing", recordings="https://www.youtube.com/watch?v=f96Xrg4uNik")
    assert done.status_code == 302
    talk = Talk.objects.get()
    assert talk.title == "Uploaded talk" and [s.name for s in talk.ordered_speakers()] == ["Ada Lovelace", "Alan Turing"]
    assert sorted(talk.transcripts.values_list("language", flat=True)) == ["de", "de", "en", "en", "tr", "zh-Hans"]
    assert Segment.objects.count() == 2 + 2 + 1594 + 1 + 1 + 2
    assert talk.transcripts.get(language="zh-Hans").recording.platform_id == "f96Xrg4uNik"
    for query in ["训练", "Organisatoren", "why do language models", "Transformers", "yakıt", "Anmerkung"]:
        assert hits(query) >= 1, query
    assert LogEntry.objects.filter(object_id=str(talk.pk), change_message__contains="chinese.srt").exists()


def _line_57_srt() -> bytes:
    good = srt_text([f"cue {i}" for i in range(14)])  # 14 cues of 4 lines
    return (good + "00:00:14,000 --> 00:00:99,000\nbroken\n").encode()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("junk.srt", os.urandom(5000) + b"\x00\x00", "junk.srt: "),
        ("page.srt", b"<!DOCTYPE html><html><body>not subtitles</body></html>", "page.srt:1: is an HTML or XML document"),
        ("broken.srt", _line_57_srt(), "broken.srt:57: timestamp '00:00:99,000' is out of range"),
    ],
)
def test_bad_files_are_refused_by_name_and_line_and_nothing_changes(staff, name, data, message):
    before, indexed_before = state(), hits("cue")
    previewed = preview(staff, {name: data, "good.srt": srt_text(["a good cue"]).encode()}, title="Mixed")
    refused = [p for p, _ in previewed.context["rows"] if p.error]
    assert [p.name for p in refused] == [name] and refused[0].error.startswith(message)
    # Forcing the bad file in: the whole upload is refused, the good file too.
    done = confirm(staff, previewed, {0: {"include": True}}, title="Mixed")
    assert done.status_code == 200 and any(e.startswith(message) for e in done.context["errors"])
    assert state() == before and hits("cue") == indexed_before == 0


def test_an_oversize_file_is_refused_while_it_is_received(staff, settings):
    settings.TRANSCRIPT_MAX_BYTES = 10_000
    previewed = preview(staff, {"huge.srt": srt_text(["word " * 40] * 200).encode(), "small.srt": srt_text(["fine"]).encode()}, title="T")
    assert any(e.startswith("huge.srt: the file is over the limit of 10,000 bytes") for e in previewed.context["errors"])
    assert [p.name for p, _ in previewed.context["rows"]] == ["small.srt"]
    assert state()["SourceFile"] == 0


def test_a_zip_bomb_is_stopped_at_the_byte_cap(staff, settings):
    settings.TRANSCRIPT_MAX_BYTES = 1_000_000
    bomb = zipped({"bomb.srt": b"0" * 50_000_000, "ok.srt": srt_text(["still fine"]).encode()})
    assert len(bomb) < 100_000
    previewed = preview(staff, {"bomb.zip": bomb}, title="T")
    assert any(e.startswith("bomb.zip/bomb.srt: expands to more than 1,000,000 bytes") for e in previewed.context["errors"])
    assert [p.name for p, _ in previewed.context["rows"]] == ["bomb.zip/ok.srt"]


def test_unsafe_zip_member_names_are_refused(staff):
    previewed = preview(staff, {"evil.zip": zipped({"../../etc/passwd.srt": b"x", "ok.srt": srt_text(["fine"]).encode()})}, title="T")
    assert any("unsafe name" in e and "../../etc/passwd.srt" in e for e in previewed.context["errors"])
    assert [p.name for p, _ in previewed.context["rows"]] == ["evil.zip/ok.srt"]


def test_too_many_files_are_refused(staff, settings):
    settings.UPLOAD_MAX_FILES = 2
    previewed = preview(staff, {f"f{i}.srt": srt_text([f"cue {i}"]).encode() for i in range(3)}, title="T")
    assert any("more than 2 files" in e for e in previewed.context["errors"])
    assert len(previewed.context["rows"]) == 2


def test_the_preview_warns(staff):
    overlapping = b"1\n00:00:01,000 --> 00:00:05,000\nHello there friends\n\n2\n00:00:03,000 --> 01:30:00,000\nA very long cue indeed\n"
    previewed = preview(staff, {"o.srt": overlapping, "page.txt": SEEDS["youtube_page"].read_bytes()}, title="T")
    warnings = {p.name: " | ".join(p.warnings) for p, _ in previewed.context["rows"]}
    assert "overlaps" in warnings["o.srt"] and "over an hour long" in warnings["o.srt"]
    assert "times will be estimated" in warnings["page.txt"]
    checked = confirm(staff, previewed, {0: {"language": "de", "refresh": "1"}}, title="T", refresh="1")
    assert checked.status_code == 200 and "the text looks like en, not de" in checked.context["rows"][0][0].warnings
    assert Talk.objects.count() == 0  # updating the preview saves nothing


def test_a_new_transcript_attaches_to_an_existing_talk(staff, demo):
    talk = Talk.objects.get(slug="wei-chung-stanford-cs25")
    previewed = preview(staff, {"de.srt": srt_text(["Sprachmodelle funktionieren erstaunlich gut"]).encode()}, talk=talk.pk)
    done = confirm(staff, previewed, {0: {"kind": "translation"}}, talk=talk.pk)
    assert done.status_code == 302
    transcript = talk.transcripts.get(language="de")
    assert transcript.kind == "translation" and Talk.objects.count() == 3
    assert search_archive(q="Sprachmodelle").talks[0].talk == talk


def test_staging_expires_and_a_stale_token_is_refused(staff):
    previewed = preview(staff, {"a.srt": srt_text(["words"]).encode()}, title="T")
    from talks.services import receiving

    receiving.discard(token=previewed.context["token"])
    done = confirm(staff, previewed, title="T")
    assert done.status_code == 200 and any("upload them again" in e for e in done.context["errors"])


def test_only_staff_reach_the_upload(client, django_user_model):
    assert client.get(UPLOAD_URL).status_code == 302
    user = django_user_model.objects.create_user("visitor", password="pw-long-enough-1")
    client.force_login(user)
    response = client.post(UPLOAD_URL, {"step": "preview"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
