"""Long transcripts on the talk page come in parts (talks/windows.py): which part a request opens, and
that each part holds only its cues, its side-by-side rows and links to its neighbours. The transcripts
are imported through talks/services like any other, at 250 cues in parts of 100."""

import re

import pytest

from talks.models import Segment, Talk
from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import TranscriptInfo
from tests.talks.test_pages import page_for, srt

pytestmark = pytest.mark.both_databases

SLUG = "long-talk"
CUES = 250


@pytest.fixture
def long_talk(db, settings):
    settings.TALK_PAGE_CUES = 100
    english = srt(*[(n * 2_000, n * 2_000 + 1_500, f"English line {n}") for n in range(CUES)])
    german = srt(*[(n * 2_000, n * 2_000 + 1_500, f"Deutsche Zeile {n}") for n in range(CUES)])
    first = import_transcript(data=english, filename="long.en.srt", talk_slug=SLUG, title="Long", language="en")
    second = import_transcript(data=german, filename="long.de.srt", talk_slug=SLUG, language="de",
                               metadata=ImportMetadata(transcript=TranscriptInfo(kind="translation")))
    return first.transcripts[0], second.transcripts[0]


def positions(segments):
    return [s.position for s in segments]


def test_the_first_part_holds_the_first_cues_only(long_talk):
    page = page_for(SLUG)
    assert (page.window.number, page.window.count) == (1, 3)
    assert positions(page.segments) == list(range(100))
    assert (page.previous_part_url, page.next_part_url) == (None, f"?transcript={long_talk[0].pk}&part=2")


def test_t_opens_the_part_said_then_with_its_cue_current(long_talk):
    page = page_for(SLUG, t="461")  # cue 230 runs from 7:40 to 7:41.5
    assert (page.window.number, positions(page.segments)[0], positions(page.segments)[-1]) == (3, 200, 249)
    assert page.current_segment.text == "English line 230"
    assert page_for(SLUG, t="200").current_segment.text == "English line 100"  # starts within that second
    assert (page_for(SLUG, t="199").window.number, page_for(SLUG, t="199").current_segment.text) == (1, "English line 99")
    assert page_for(SLUG, t="99999").current_segment.text == "English line 249"  # after the end: the last cue


def test_cue_opens_the_part_holding_that_segment_and_part_is_clamped(long_talk):
    cue = Segment.objects.get(transcript=long_talk[0], position=150)
    assert page_for(SLUG, cue=str(cue.pk)).window.number == 2
    assert page_for(SLUG, part="99").window.number == 3
    assert page_for(SLUG, part="0").window.number == 1  # a mangled parameter is ignored
    other = Segment.objects.get(transcript=long_talk[1], position=150)
    assert page_for(SLUG, cue=str(other.pk)).window.number == 1  # another transcript's cue: not this one's part


def test_side_by_side_shows_the_other_transcript_for_this_part_only(long_talk):
    english, german = long_talk
    page = page_for(SLUG, transcript=str(english.pk), part="2", **{"with": str(german.pk)})
    assert len(page.rows) == 100
    assert [[o.text for o in row.others] for row in page.rows] == [[f"Deutsche Zeile {n}"] for n in range(100, 200)]
    assert page.next_part_url == f"?transcript={english.pk}&with={german.pk}&part=3"


def test_the_page_lists_one_part_and_links_its_neighbours(client, long_talk):
    english, _ = long_talk
    html = client.get(f"/talks/{SLUG}/?transcript={english.pk}&part=2&q=line").content.decode()
    assert len(re.findall(r'<li id="seg-\d+"', html)) == 100
    assert "Part 2 of 3" in html
    assert f'href="?transcript={english.pk}&amp;q=line&amp;part=1" rel="prev"' in html
    assert f'href="?transcript={english.pk}&amp;q=line&amp;part=3" rel="next"' in html
    assert Talk.objects.get(slug=SLUG).transcripts.count() == 2
