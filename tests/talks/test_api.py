"""The JSON API and pages over the demo archive, as the foundation issue's 'done when' states.

Counts, times and lengths are read from the seed files with the pure parser, so these tests check that the
archive keeps what the files say, not what the demo happened to contain when they were written."""

import functools

import pytest

from talks.parsing import ParsedFile, parse_transcript
from tests.conftest import SEEDS

pytestmark = pytest.mark.both_databases

NEURIPS = "sutskever-neurips-2024-test-of-time"
FIRESIDE = "huang-sutskever-gtc-2023-fireside-chat"
LECTURE = "wei-chung-stanford-cs25"


@functools.cache
def parsed(seed: str) -> ParsedFile:
    return parse_transcript(SEEDS[seed].read_bytes(), filename=SEEDS[seed].name)


def cue_count(seed: str) -> int:
    (section,) = parsed(seed).transcripts
    return len(section.cues)


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
    english, german_cues, turkish = (section.cues for section in parsed("subtitles").transcripts)
    by_kind = {(t["language"], t["kind"], t["timed"], t["segment_count"]) for t in talk["transcripts"]}
    assert by_kind == {("en", "subtitles", True, len(english)), ("de", "translation", True, len(german_cues)),
                       ("tr", "translation", True, len(turkish)), ("en", "asr", False, cue_count("bilibili_en")),
                       ("zh-Hans", "asr", False, cue_count("bilibili_zh"))}
    german = next(t for t in talk["transcripts"] if t["language"] == "de")
    first, last = german_cues[0], german_cues[-1]
    assert german["first_segment"] == {"start_seconds": first.start_ms / 1000, "end_seconds": first.end_ms / 1000,
                                       "estimated": False, "text": first.text}
    assert german["last_segment"]["text"] == last.text
    chinese = next(t for t in talk["transcripts"] if t["language"] == "zh-Hans")
    (chinese_section,) = parsed("bilibili_zh").transcripts
    assert chinese["first_segment"] == {"start_seconds": None, "end_seconds": None, "estimated": False,
                                        "text": chinese_section.cues[0].text}


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
    # Pins the README's table ("a Whisper transcript, 1,594 cues"): the file, the parser and the import agree.
    assert talk["transcripts"][0]["segment_count"] == cue_count("whisper") == 1594


def test_fireside_chat_has_estimated_times_within_its_length(api, demo):
    from talks.models import Segment

    page = parsed("youtube_page").metadata  # the scraped page states the video's length
    talk = api(f"/api/talks/{FIRESIDE}")
    assert talk["recordings"] == [{"platform": "youtube", "url": "https://www.youtube.com/watch?v=f96Xrg4uNik",
                                   "platform_id": "f96Xrg4uNik", "duration_seconds": page.duration_seconds}]
    transcript = talk["transcripts"][0]
    first, last = transcript["first_segment"], transcript["last_segment"]
    assert (first["start_seconds"], first["estimated"], last["end_seconds"]) == (0.0, True, page.duration_seconds)
    segments = Segment.objects.filter(transcript_id=transcript["id"])
    assert (segments.count(), segments.filter(estimated=False).count()) == (cue_count("youtube_page"), 0)
    assert all(0 <= s.start_ms <= s.end_ms <= page.duration_seconds * 1000 for s in segments)


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
    assert "[APPLAUSE]" in lecture and "1:17:03" not in lecture  # the lecture comes in parts of 1,000 cues
    assert "1:17:03" in client.get(f"/talks/{LECTURE}/?part=2").content.decode()  # its end


def test_transcript_text_is_escaped_on_pages(client, db):
    from talks.services import import_transcript

    import_transcript(data=b"1\n00:00:01,000 --> 00:00:02,000\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n",
                      filename="xss.srt", title="<b>XSS</b>", language="en")
    page = client.get("/talks/bxssb/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;b&gt;XSS&lt;/b&gt;" in page
