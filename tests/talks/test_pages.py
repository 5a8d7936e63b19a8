import pytest
from django.test import RequestFactory

from talks.models import Segment, Talk
from talks.pages import build_talk_page

pytestmark = pytest.mark.both_databases

NEURIPS = "sutskever-neurips-2024-test-of-time"


def page_for(slug, **params):
    talk = Talk.objects.for_detail().get(slug=slug)
    return build_talk_page(talk, RequestFactory().get("/", params).GET)


def test_default_transcript_is_a_timed_original(demo):
    page = page_for(NEURIPS)
    assert (page.transcript.language, page.transcript.kind) == ("en", "subtitles")
    assert page.recording.platform == "bilibili" and not page.times_match_recording


def test_lang_and_t_pick_the_transcript_and_the_segment_being_said(demo):
    page = page_for(NEURIPS, lang="de", t="100")
    assert page.transcript.language == "de"
    current = Segment.objects.get(pk=page.current_segment_id)
    assert current.start_ms <= 100_000 < current.end_ms


def test_untimed_text_is_shown_in_paragraphs_with_its_own_upload(demo):
    page = page_for(NEURIPS, lang="zh-Hans")
    assert page.paragraphs and sum(len(p) for p in page.paragraphs) == 88
    assert page.recording.platform_id == "BV1TwB5YpEx8" and page.times_match_recording


def test_side_by_side_pairs_segments_by_time(demo):
    page = page_for(NEURIPS, lang="en", **{"with": "de"})
    assert page.other.language == "de" and len(page.rows) == 12
    assert sum(len(row.others) for row in page.rows) == 14
    for row in page.rows:
        for other in row.others:
            assert min(row.primary.end_ms, other.end_ms) > max(row.primary.start_ms, other.start_ms)  # they overlap
    # German runs to 3:44, English to 4:17: the German thanks sit beside the English cue they overlap most.
    closing = next(row for row in page.rows if any(o.text == "Vielen Dank für Ihre Aufmerksamkeit!" for o in row.others))
    assert closing.primary.text.startswith("Looking longer term")


def test_bad_parameters_are_ignored_not_errors(client, demo):
    for params in ("?t=abc", "?t=-5", "?t=1e99", "?lang=xx", "?transcript=999999", "?with=nope", "?rec=abc"):
        assert client.get(f"/talks/{NEURIPS}/{params}").status_code == 200, params


def test_the_page_shows_the_moment_and_download_links(client, demo):
    page = client.get(f"/talks/{NEURIPS}/?lang=de&t=100").content.decode()
    assert 'class="current"' in page and ".srt" in page and "/original" in page
    assert "another cut of the talk" in page


def test_speaker_and_event_pages(client, demo):
    speaker = client.get("/speakers/ilya-sutskever/").content.decode()
    assert "Sequence to Sequence Learning" in speaker and "AI Today and Vision" in speaker
    # The fireside chat's recording lasts 1069 s (17:49); the NeurIPS uploads have no known length, its cues end at 4:17.
    assert "22:06" in speaker
    event = client.get("/events/neurips-2024/").content.decode()
    assert "Sequence to Sequence Learning" in event and "Fireside" not in event


def test_talk_list_filters(client, demo):
    def slugs(query):
        return {t for t in ("sutskever-neurips", "huang-sutskever", "wei-chung") if t in client.get(f"/talks/{query}").content.decode()}

    assert slugs("?speaker=jason-wei") == {"wei-chung"}
    assert slugs("?event=nvidia-gtc-2023") == {"huang-sutskever"}
    assert slugs("?year=2023") == {"huang-sutskever"}
    assert slugs("?lang=zh") == {"sutskever-neurips"}
    assert slugs("?lang=de&speaker=ilya-sutskever") == {"sutskever-neurips"}


def test_chinese_interface_from_the_browser_language(client, demo):
    page = client.get("/talks/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "演讲档案" in page and 'lang="zh-hans"' in page
    assert "Talk Archive" not in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
