"""The talk page (talks/pages.py) and the speaker, event and list pages, on small archives each test
imports through the real write path, so every expected row, paragraph and count follows from the fixture.

One test stays on the demo archive: the moment link into the Stanford CS25 lecture, end to end as a
search hit lands there. It needs what only a real transcript has together: speaker turns from the
metadata (Jason Wei before 30:25), Whisper's lone-comma cue, a page long enough to be compressed,
and the quote a shared link previews."""

import datetime
import gzip
import re
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from talks.models import Segment, Talk, Transcript
from talks.pages import _segment_at, back_to_results, build_talk_page, parallel_rows, shown
from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import EventInfo, RecordingInfo, SpeakerInfo, TranscriptInfo

pytestmark = pytest.mark.both_databases

SLUG = "seq2seq"
UPLOAD = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
ENGLISH = [(0, 4_000, "One"), (4_000, 8_000, "Two"), (8_000, 12_000, "Three")]
# Zwei starts during One but overlaps Two more (3.5 s against 1 s); Drei starts during Two and overlaps it
# more than Three (0.5 s against 0.2 s); Vier runs on after the English ends.
GERMAN = [(0, 3_000, "Eins"), (3_000, 7_500, "Zwei"), (7_500, 8_200, "Drei"), (8_200, 14_000, "Vier")]
SENTENCES = [f"{n} sentence." for n in ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")]
LECTURE = "wei-chung-stanford-cs25"


def srt(*cues: tuple[int, int, str]) -> bytes:
    """SRT bytes from (start ms, end ms, text) cues."""
    def clock(ms):
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = (f"{n}\n{clock(start)} --> {clock(end)}\n{text}\n\n" for n, (start, end, text) in enumerate(cues, 1))
    return "".join(blocks).encode()


@pytest.fixture
def talk(db):
    """English subtitles timed to an unknown cut, their German translation, and an untimed English text
    that belongs to a YouTube upload: the talk's one recording."""
    english = import_transcript(data=srt(*ENGLISH), filename="talk.en.srt", talk_slug=SLUG, title="Seq", language="en")
    german = import_transcript(data=srt(*GERMAN), filename="talk.de.srt", talk_slug=SLUG, language="de",
                               metadata=ImportMetadata(transcript=TranscriptInfo(kind="translation")))
    text = import_transcript(data=" ".join(SENTENCES).encode(), filename="talk.txt", talk_slug=SLUG, language="en",
                             recording_url=UPLOAD)
    return SimpleNamespace(english=english.transcripts[0], german=german.transcripts[0], text=text.transcripts[0])


def page_for(slug, **params):
    talk = Talk.objects.for_detail().get(slug=slug)
    return build_talk_page(talk, RequestFactory().get("/", params).GET)


def texts(segments):
    return [segment.text for segment in segments]


def test_default_transcript_is_timed_and_not_a_translation(talk):
    page = page_for(SLUG)
    assert page.transcript == talk.english
    assert (page.recording.url, page.times_match_recording) == (UPLOAD, False)


def test_lang_and_t_pick_the_transcript_and_the_segment_being_said(talk):
    page = page_for(SLUG, lang="de", t="6")
    assert page.transcript == talk.german
    assert page.current_segment.text == "Zwei"  # said from 0:03 to 0:07.5


def test_untimed_text_is_shown_in_paragraphs_of_six_with_its_own_upload(talk):
    page = page_for(SLUG, transcript=str(talk.text.pk))
    assert [texts(paragraph) for paragraph in page.paragraphs] == [SENTENCES[:6], SENTENCES[6:]]
    assert (page.recording.url, page.times_match_recording) == (UPLOAD, True)


def test_side_by_side_puts_each_cue_beside_the_one_it_overlaps_most(talk):
    page = page_for(SLUG, lang="en", **{"with": "de"})
    assert page.other == talk.german
    assert [(row.primary.text, texts(row.others)) for row in page.rows] == [
        ("One", ["Eins"]), ("Two", ["Zwei", "Drei"]), ("Three", ["Vier"])]


def test_a_cue_of_punctuation_alone_is_not_on_the_page(client, db):
    transcript = import_transcript(data=srt((0, 1_000, "Hello"), (1_000, 2_000, ","), (2_000, 3_000, "world")),
                                   filename="comma.srt", talk_slug="comma", language="en").transcripts[0]
    html = client.get("/talks/comma/").content.decode()
    visible = transcript.segments.exclude(text=",")
    assert re.findall(r'<li id="seg-(\d+)"', html) == [str(pk) for pk in visible.values_list("pk", flat=True)]
    assert texts(page_for("comma").segments) == ["Hello", "world"]


def test_bad_parameters_are_ignored_not_errors(client, talk):
    for params in ("?t=abc", "?t=-5", "?t=1e99", "?lang=xx", "?transcript=999999", "?with=nope", "?rec=abc"):
        assert client.get(f"/talks/{SLUG}/{params}").status_code == 200, params


def test_the_page_marks_the_moment_and_links_every_download(client, talk):
    html = client.get(f"/talks/{SLUG}/?lang=de&t=6").content.decode()
    zwei = talk.german.segments.get(text="Zwei")
    assert re.findall(r'<li id="seg-\d+" data-start="\d+" class="current">', html) == [
        f'<li id="seg-{zwei.pk}" data-start="3000" class="current">']
    downloads = re.findall(rf'href="/talks/{SLUG}/transcripts/{talk.german.pk}([./]\w+)"', html)
    assert downloads == [".srt", ".vtt", ".txt", ".json", "/original"]
    assert "another cut of the talk" in html


@pytest.fixture
def two_talks(db):
    """Winter: Ada at the Winter Summit 2024, English and German, a 10-minute recording (its cues end at
    0:12). Spring: Ada and Alan at the Spring Forum 2023, English only, no recording, cues ending at 1:05."""
    ada, alan = SpeakerInfo("Ada Lovelace"), SpeakerInfo("Alan Turing")
    winter = ImportMetadata(talk_slug="winter", title="Winter talk", date=datetime.date(2024, 12, 13),
                            event=EventInfo("Winter Summit"), speakers=(ada,),
                            recordings=(RecordingInfo(url=UPLOAD, duration_seconds=600),))
    import_transcript(data=srt((0, 12_000, "Hello winter")), filename="winter.srt", language="en", metadata=winter)
    import_transcript(data=srt((0, 12_000, "Hallo Winter")), filename="winter.de.srt", talk_slug="winter",
                      language="de")
    spring = ImportMetadata(talk_slug="spring", title="Spring talk", date=datetime.date(2023, 4, 1),
                            event=EventInfo("Spring Forum"), speakers=(ada, alan))
    import_transcript(data=srt((0, 30_000, "Hello"), (30_000, 65_000, "spring")), filename="spring.srt", language="en",
                      metadata=spring)


def listed(client, url):
    return set(re.findall(r'class="talk-title" href="/talks/([\w-]+)/"', client.get(url).content.decode()))


def test_speaker_page_lists_the_talks_and_adds_up_their_lengths(client, two_talks):
    assert listed(client, "/speakers/ada-lovelace/") == {"winter", "spring"}
    # Winter's recording lasts 10:00 (longer than its cues); Spring has no recording, its cues end at 1:05.
    assert "<dt>Total duration</dt><dd>11:05</dd>" in client.get("/speakers/ada-lovelace/").content.decode()


def test_event_page_lists_its_talks_only(client, two_talks):
    assert listed(client, "/events/winter-summit/") == {"winter"}


@pytest.mark.parametrize(("query", "slugs"), [
    ("", {"winter", "spring"}),
    ("?speaker=alan-turing", {"spring"}),
    ("?event=winter-summit", {"winter"}),
    ("?year=2023", {"spring"}),
    ("?lang=de", {"winter"}),
    ("?lang=en&speaker=ada-lovelace", {"winter", "spring"}),
    ("?lang=de&speaker=alan-turing", set()),
])
def test_talk_list_filters(client, two_talks, query, slugs):
    assert listed(client, f"/talks/{query}") == slugs


def test_chinese_interface_from_the_browser_language(client, db):
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
    transcript = Transcript.objects.get(talk__slug=LECTURE)
    url = f"/talks/{LECTURE}/?t=1179&lang=en&transcript={transcript.pk}&q=scaling"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_REFERER="http://testserver/search/?q=scaling&speaker=jason-wei")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    cue = transcript.segments.get(start_ms=1179140)
    assert f'<li id="seg-{cue.pk}" data-start="1179140" class="current">' in page
    assert "<title>19:39 · Stanford CS25: Intuitions on Language Models and the History of the Transformer · Talk Archive</title>" in page
    quote = "“is something called inverse scaling slash u-shaped scaling.” — Jason Wei, 19:39"
    assert f'<meta name="description" content="{quote}">' in page
    assert f'<meta property="og:description" content="{quote}">' in page
    assert '<a class="back-link" href="/search/?q=scaling&amp;speaker=jason-wei">' in page
    assert 'id="within-q" type="search" name="q" value="scaling"' in page
    lone_comma = transcript.segments.get(text=",")
    listed_ids = re.findall(r'<li id="seg-(\d+)"', page)
    assert str(lone_comma.pk) not in listed_ids
    # The lecture's 1,594 cues come in parts of 1,000: the link opens the first part, which holds 19:39.
    assert cue.position < 1000 and "Part 1 of 2" in page
    assert len(listed_ids) == len(shown(transcript.segments.filter(position__lt=1000))) == 999
