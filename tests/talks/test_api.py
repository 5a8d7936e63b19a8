"""The JSON API and pages over the demo archive, as the foundation issue's 'done when' states."""

import pytest

pytestmark = pytest.mark.both_databases

NEURIPS = "sutskever-neurips-2024-test-of-time"
FIRESIDE = "huang-sutskever-gtc-2023-fireside-chat"
LECTURE = "wei-chung-stanford-cs25"


@pytest.fixture
def api(client, demo):
    return lambda url: client.get(url).json()


def test_talk_list_has_the_three_demo_talks(api):
    talks = api("/api/talks")["talks"]
    assert sorted(t["slug"] for t in talks) == sorted([NEURIPS, FIRESIDE, LECTURE])
    assert set(talks[0]) == {"slug", "title", "speakers", "date", "event", "languages"}
    neurips = next(t for t in talks if t["slug"] == NEURIPS)
    assert neurips["speakers"] == [{"name": "Ilya Sutskever", "slug": "ilya-sutskever"}]
    assert (neurips["date"], neurips["event"]) == ("2024-12-13", "NeurIPS 2024")
    assert neurips["languages"] == ["de", "en", "tr", "zh-Hans"]


def test_neurips_talk_has_five_transcripts_and_both_bilibili_uploads(api):
    talk = api(f"/api/talks/{NEURIPS}")
    assert sorted(t["language"] for t in talk["transcripts"]) == ["de", "en", "en", "tr", "zh-Hans"]
    assert sorted(r["platform_id"] for r in talk["recordings"]) == ["BV1Q8BGYsEHy", "BV1TwB5YpEx8"]
    assert {r["platform"] for r in talk["recordings"]} == {"bilibili"}
    by_kind = {(t["language"], t["kind"], t["timed"], t["segment_count"]) for t in talk["transcripts"]}
    assert by_kind == {("en", "subtitles", True, 12), ("de", "translation", True, 14), ("tr", "translation", True, 14),
                       ("en", "asr", False, 291), ("zh-Hans", "asr", False, 88)}
    german = next(t for t in talk["transcripts"] if t["language"] == "de")
    assert german["first_segment"] == {"start_seconds": 0.0, "end_seconds": 15.86, "estimated": False,
                                       "text": german["first_segment"]["text"]}
    assert german["last_segment"]["text"] == "Vielen Dank für Ihre Aufmerksamkeit!"
    chinese = next(t for t in talk["transcripts"] if t["language"] == "zh-Hans")
    assert chinese["first_segment"]["start_seconds"] is None and chinese["first_segment"]["text"].startswith("我想感谢")


def test_subtitle_times_belong_to_no_recording_and_untimed_text_to_its_upload(demo):
    from talks.models import Transcript

    transcripts = Transcript.objects.filter(talk__slug=NEURIPS)
    assert not transcripts.filter(timed=True, recording__isnull=False).exists()
    assert dict(transcripts.filter(timed=False).values_list("language", "recording__platform_id")) == {
        "en": "BV1Q8BGYsEHy", "zh-Hans": "BV1TwB5YpEx8"}


def test_lecture_has_both_speakers(api):
    talk = api(f"/api/talks/{LECTURE}")
    assert [s["name"] for s in talk["speakers"]] == ["Jason Wei", "Hyung Won Chung"]
    assert talk["recordings"] == []
    assert talk["transcripts"][0]["segment_count"] == 1594


def test_fireside_chat_has_estimated_times_within_its_length(api, demo):
    from talks.models import Segment

    talk = api(f"/api/talks/{FIRESIDE}")
    assert talk["recordings"] == [{"platform": "youtube", "url": "https://www.youtube.com/watch?v=f96Xrg4uNik",
                                   "platform_id": "f96Xrg4uNik", "duration_seconds": 1069}]
    transcript = talk["transcripts"][0]
    assert transcript["first_segment"]["estimated"] and transcript["last_segment"]["end_seconds"] == 1069.0
    segments = Segment.objects.filter(transcript_id=transcript["id"])
    assert segments.count() == 120 and not segments.filter(estimated=False).exists()
    assert all(0 <= s.start_ms <= s.end_ms <= 1069000 for s in segments)


def test_unknown_talk_is_a_404(client, db):
    assert client.get("/api/talks/nope").status_code == 404
    assert client.get("/talks/nope/").status_code == 404


def test_api_is_read_only(client, db):
    assert client.post("/api/talks").status_code == 405


def test_pages_show_talks_and_transcripts(client, demo):
    listing = client.get("/talks/").content.decode()
    assert "Sequence to Sequence Learning with Neural Networks: What a Decade" in listing
    page = client.get(f"/talks/{NEURIPS}/").content.decode()
    assert "I want to thank the organizers" in page and "Chinese (Simplified) · speech recognition · untimed" in page
    assert "Vielen Dank für Ihre Aufmerksamkeit!" in client.get(f"/talks/{NEURIPS}/?lang=de").content.decode()
    assert "我想感谢组织者" in client.get(f"/talks/{NEURIPS}/?lang=zh-Hans").content.decode()
    fireside = client.get(f"/talks/{FIRESIDE}/").content.decode()
    assert "≈ 0:00" in fireside and "≈ 17:" in fireside
    lecture = client.get(f"/talks/{LECTURE}/").content.decode()
    assert "[APPLAUSE]" in lecture and "1:17:03" in lecture


def test_transcript_text_is_escaped_on_pages(client, db):
    from talks.services import import_transcript

    import_transcript(data=b"1\n00:00:01,000 --> 00:00:02,000\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n",
                      filename="xss.srt", title="<b>XSS</b>", language="en")
    page = client.get("/talks/bxssb/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;b&gt;XSS&lt;/b&gt;" in page
