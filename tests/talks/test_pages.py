import gzip

import pytest
from django.test import RequestFactory

from talks.models import Segment, Talk
from talks.pages import _segment_at, back_to_results, build_talk_page, parallel_rows, shown

pytestmark = pytest.mark.both_databases

NEURIPS = "sutskever-neurips-2024-test-of-time"
LECTURE = "wei-chung-stanford-cs25"


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


def cues(*times, text="words"):
    return [Segment(pk=index + 1, start_ms=start, end_ms=end, text=text) for index, (start, end) in enumerate(times)]


def test_t_picks_the_cue_said_during_that_second():
    # 19:39 is second 1179; the cue before ends exactly when the 19:39.14 cue starts.
    segments = cues((1172_000, 1179_140), (1179_140, 1185_660), (1185_660, 1190_000))
    assert _segment_at(segments, 1179) == 2
    assert _segment_at(segments, 1179.9) == 2
    assert _segment_at(segments, 1178) == 1
    assert _segment_at(segments, 1186) == 3  # inside a cue that started earlier
    assert _segment_at(segments, 10) == 1  # before the first cue: the first
    assert _segment_at(segments, 5000) == 3


def test_a_cue_of_punctuation_alone_is_kept_but_not_shown():
    segments = [Segment(pk=1, text="Hello"), Segment(pk=2, text=","), Segment(pk=3, text=" … "),
                Segment(pk=4, text="", sound="APPLAUSE"), Segment(pk=5, text="训练"), Segment(pk=6, text="42")]
    assert [s.pk for s in shown(segments)] == [1, 4, 5, 6]


def test_side_by_side_rows_read_in_order_in_both_columns():
    english = cues((0, 10_000), (10_000, 20_000), (20_000, 30_000))
    # German cue 3 overlaps the first English cue most, but it follows cue 2, placed in row 2: it goes
    # there too, or the German column would read 1, 3, 2. Cue 4, after the English ends, joins the last row.
    german = cues((0, 9_000), (5_000, 25_000), (8_000, 9_500), (40_000, 50_000))
    rows = parallel_rows(english, german)
    assert [[o.pk for o in row.others] for row in rows] == [[1], [2, 3], [4]]
    later = cues((9_000, 19_500), (9_500, 10_500))
    assert [[o.pk for o in row.others] for row in parallel_rows(english, later)] == [[], [1, 2], []]


def test_back_to_results_keeps_the_results_page_the_reader_came_from():
    assert back_to_results("", "http://x/search/?q=a") is None
    assert back_to_results("scaling", "https://archive.example/search/?q=scaling&lang=en&page=2") == "/search/?q=scaling&lang=en&page=2"
    assert back_to_results("训练", "https://archive.example/talks/") == "/search/?q=%E8%AE%AD%E7%BB%83"
    assert back_to_results("scaling", None) == "/search/?q=scaling"


def test_a_moment_link_opens_at_its_cue_and_previews_it(client, demo):
    url = f"/talks/{LECTURE}/?t=1179&lang=en&transcript=7&q=scaling"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_REFERER="http://testserver/search/?q=scaling&speaker=jason-wei")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    cue = Segment.objects.get(transcript__talk__slug=LECTURE, start_ms=1179140)
    assert f'<li id="seg-{cue.pk}" data-start="1179140" class="current">' in page
    assert "<title>19:39 · Stanford CS25: Intuitions on Language Models and the History of the Transformer · Talk Archive</title>" in page
    quote = "“is something called inverse scaling slash u-shaped scaling.” — Jason Wei, 19:39"
    assert f'<meta name="description" content="{quote}">' in page
    assert f'<meta property="og:description" content="{quote}">' in page
    assert '<a class="back-link" href="/search/?q=scaling&amp;speaker=jason-wei">' in page
    assert 'id="within-q" type="search" name="q" value="scaling"' in page
    lone_comma = Segment.objects.get(transcript__talk__slug=LECTURE, text=",")
    assert f'id="seg-{lone_comma.pk}"' not in page and page.count("<li id=\"seg-") == 1593
