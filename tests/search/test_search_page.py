"""The search page around the results: filters shown as chips, every hit of a talk, who said a line, the event filter,
a helpful empty page, did-you-mean for long words. Small archives built here, indexed after commit as in production."""

import datetime
import re

import pytest

from search.service import Filters, search_archive
from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import EventInfo, SpeakerInfo, SpeakerTurn, TranscriptInfo

pytestmark = pytest.mark.django_db


def srt(*lines: str) -> bytes:
    """One cue every 20 s: each a passage (hit) of its own."""
    cues = [f"{n}\n00:{n // 3:02d}:{n % 3 * 20:02d},000 --> 00:{n // 3:02d}:{n % 3 * 20:02d},900\n{line}\n"
            for n, line in enumerate(lines, start=1)]
    return "\n".join(cues).encode()


@pytest.fixture
def archive(django_capture_on_commit_callbacks):
    """Two talks at two events; the panel's transcript names who speaks when."""
    with django_capture_on_commit_callbacks(execute=True):
        import_transcript(data=srt(*[f"Artificial intelligence, part {n}." for n in range(1, 6)]), filename="panel.srt",
                          metadata=ImportMetadata(
                              talk_slug="panel", title="The panel", date=datetime.date(2024, 12, 13),
                              event=EventInfo("Winter Summit", datetime.date(2024, 12, 13)),
                              speakers=(SpeakerInfo("Ada Lovelace"), SpeakerInfo("Alan Turing")),
                              transcript=TranscriptInfo(language="en", speaker_turns=(
                                  SpeakerTurn(0, "Ada Lovelace"), SpeakerTurn(60_000, "Alan Turing"))),
                          ))
        import_transcript(data=srt("Intelligence is what we measure.", "Künstliche Intelligenz."), filename="keynote.srt",
                          metadata=ImportMetadata(
                              talk_slug="keynote", title="The keynote", event=EventInfo("Spring Forum"),
                              speakers=(SpeakerInfo("Grace Hopper"),), transcript=TranscriptInfo(language="en")))


def page(client, query: str) -> str:
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def chips(html: str) -> list[str]:
    """The visible label of each filter chip (before its ×)."""
    return [re.sub(r"\s+", " ", c).strip()
            for c in re.findall(r'<a class="chip" href="[^"]*"[^>]*>(.*?)<span class="chip__remove"', html, re.S)]


def chip_link(html: str, label: str) -> str:
    """The query string a chip's link leads to."""
    link = re.search(rf'<a class="chip" href="\?([^"]*)"[^>]*>{re.escape(label)} <span', html).group(1)
    return link.replace("&amp;", "&")


def test_a_filter_is_a_chip_whose_link_removes_it(client, archive):
    html = page(client, "q=intelligence&speaker=ada-lovelace&lang=en")
    assert chips(html) == ["Language: English", "Speaker: Ada Lovelace"]
    assert chip_link(html, "Speaker: Ada Lovelace") == "q=intelligence&lang=en"
    assert 'aria-label="Remove the filter “Speaker: Ada Lovelace”"' in html
    assert 'href="?q=intelligence"' in html  # remove all filters


def test_filters_without_a_query_still_show_and_do_not_give_the_home_page(client, archive):
    html = page(client, "speaker=grace-hopper")
    assert chips(html) == ["Speaker: Grace Hopper"]
    assert '<input type="hidden" name="speaker" value="grace-hopper">' in html
    assert "Recent talks" not in html


def test_the_header_search_carries_no_filter(client, archive):
    html = page(client, "")  # the home page: its form has no hidden filter
    form = re.search(r'<form class="search-form".*?</form>', html, re.S).group()
    assert 'type="hidden"' not in form


def test_show_all_hits_in_a_talk(client, archive):
    html = page(client, "q=artificial")
    assert "Show all 5 hits in this talk" in html
    link = re.search(r'<a href="\?([^"]*)">Show all 5 hits', html).group(1).replace("&amp;", "&")
    assert link == "q=artificial&talk=panel&all_hits=1"
    every = page(client, link)
    assert every.count('class="hit"') == 5 and "Show all" not in every
    assert chips(every) == ["Talk: The panel"]


def test_each_hit_says_who_spoke_when_the_transcript_knows(client, archive):
    found = {hit.text: hit.speaker for talk in search_archive(q="artificial OR measure", all_hits_in_talk=False).talks
             for hit in talk.hits}
    assert found["Artificial intelligence, part 1."] == "Ada Lovelace"
    assert found["Artificial intelligence, part 3."] == "Alan Turing"
    assert found["Intelligence is what we measure."] is None  # no speaker turns in that transcript
    assert '<span class="who">Ada Lovelace:</span>' in page(client, "q=artificial")


def test_event_filter_in_the_query_and_as_a_parameter(client, archive):
    def talks(q, **filters):
        return {t.talk.slug for t in search_archive(q=q, filters=Filters(**filters)).talks}

    assert talks("intelligence") == {"keynote", "panel"}
    assert talks("intelligence event:winter-summit") == {"panel"}
    assert talks('intelligence event:"spring forum"') == {"keynote"}
    assert talks("intelligence", events=["spring-forum"]) == {"keynote"}
    assert talks("intelligence event:nowhere") == set()
    html = page(client, "q=intelligence")
    facet = re.search(r'<a href="\?([^"]*)">Winter Summit</a>', html).group(1).replace("&amp;", "&")
    assert facet == "q=intelligence&event=winter-summit"
    narrowed = page(client, facet)
    assert chips(narrowed) == ["Event: Winter Summit"] and "The keynote" not in narrowed


def test_nothing_found_offers_a_spelling_the_way_out_of_filters_and_examples_that_find_something(client, archive):
    html = page(client, "q=intelligense&speaker=grace-hopper")
    assert "Nothing found for “intelligense” with these filters." in html
    assert re.search(r'Did you mean <a href="[^"]*">intelligence</a>', html)
    assert 'href="?q=intelligense"' in html  # the same words without the filters
    examples = re.findall(r'<a class="chip" href="/search/\?q=([^"]*)" lang="([^"]*)">', html)
    assert examples, "the empty page suggests searches"
    for query, language in examples:
        assert search_archive(q=query.replace("+", " ")).total_hits > 0, query
    assert {language for _, language in examples} == {"en"}


@pytest.mark.parametrize(("typed", "meant"), [
    ("intelligense", "intelligence"),  # 12 letters: three slips allowed
    ("inteligence", "intelligence"),
    ("measrue", "measure"),
    ("artifical", "artificial"),
])
def test_did_you_mean_scales_with_the_word_length(archive, typed, meant):
    assert search_archive(q=typed).suggestion == meant


def test_did_you_mean_joins_a_compound_typed_as_one_word(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_transcript(data=srt("Pre-training is where it starts."), filename="pre.srt", title="Pre", language="en")
    assert search_archive(q="pretraning").suggestion == "pre-training"
    assert search_archive(q="pre-training").total_hits == 1


def test_a_short_word_is_not_corrected_into_another_word(archive):
    assert search_archive(q="axe").suggestion is None  # one slip from nothing indexed


def test_filters_typed_in_the_query_are_chips_whose_link_edits_the_query(client, archive):
    html = page(client, "q=intelligence+speaker%3Aada+lang%3Aen&event=winter-summit")
    assert chips(html) == ["Event: Winter Summit", "Speaker: Ada Lovelace", "Language: English"]
    assert chip_link(html, "Speaker: Ada Lovelace") == "q=intelligence+lang%3Aen&event=winter-summit"
    assert chip_link(html, "Language: English") == "q=intelligence+speaker%3Aada&event=winter-summit"
    assert chip_link(html, "Event: Winter Summit") == "q=intelligence+speaker%3Aada+lang%3Aen"
    form = re.search(r'<form class="search-form".*?</form>', html, re.S).group()
    assert re.findall(r'<input type="hidden" name="(\w+)"', form) == ["event"]  # the typed ones travel in the query box


def test_a_typed_filter_is_named_as_typed_when_it_names_no_single_speaker_or_event(client, archive):
    html = page(client, 'q=intelligence+speaker%3Aa+event%3A%22spring+forum%22')
    assert chips(html) == ["Speaker: a", "Event: Spring Forum"]  # "a" is in Ada's, Alan's and Grace's names
    assert chip_link(html, "Event: Spring Forum") == "q=intelligence+speaker%3Aa"


def test_past_the_last_page_says_so_and_links_to_the_last(client, archive):
    html = page(client, "q=intelligence&page=3")
    assert "There is no page 3: the results for “intelligence” end on page 1." in html
    assert '<a class="button" href="?q=intelligence&amp;page=1">Go to the last page (page 1)</a>' in html
    assert "Nothing found" not in html
    chinese = client.get("/search/?q=intelligence&page=3", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "没有第 3 页：“intelligence”的结果到第 1 页为止。" in chinese
