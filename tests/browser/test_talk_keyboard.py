"""The talk page by keyboard alone, on the longest talk of the demo (the 1,594-cue Stanford CS25 lecture,
shown in parts of 1,000): the exact tab stops, the transcript as one stop with roving focus, and the
in-talk search (F3 and Enter bring every match into view, editing restarts it, Escape clears it)."""

import re

import pytest

from talks.models import Segment
from tests.browser.test_talk_page import LECTURE, covered_top

pytestmark = pytest.mark.django_db(transaction=True)

DESCRIBE = """(() => { const e = document.activeElement; if (!e || e === document.body) return 'body';
  const text = (e.tagName === 'A' ? e.textContent : e.innerText || e.value || '').trim().split('\\n')[0];
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + text; })()"""

# Every tab stop of the lecture's first part, in order: the header's, the talk's links, the downloads,
# the in-talk search, the transcript (one stop, at its first line), then the parts and the footer.
TAB_STOPS = [
    "a Skip to content", "a Talk Archive", "a Talks", "a Speakers", "a Events", "input#site-q ",
    "select#interface-language English", "button Switch",
    "a Jason Wei", "a Hyung Won Chung", "a Stanford CS25: Transformers United V4",
    "summary Download", "input#within-q ", "button Find",
    "a 0:00",
    "input#part-number 1", "button Go", "a Next part →",
    "a Talks", "a Speakers", "a Events", "a About the archive", "a JSON API", "a Feeds",
]


def focused(page):
    return page.evaluate(DESCRIBE)


def tab_stops(page):
    stops = []
    for _ in range(len(TAB_STOPS) + 5):
        page.keyboard.press("Tab")
        if focused(page) == "body":
            break
        stops.append(focused(page))
    return stops


def match_in_view(page):
    box = page.locator(".match-current").bounding_box()
    return box is not None and covered_top(page) <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_the_transcript_is_one_tab_stop_after_downloads_and_search(site, page):
    page.goto(f"{site}/talks/{LECTURE}/")
    assert tab_stops(page) == TAB_STOPS
    assert page.locator(".transcript-body a").count() == 999  # every line a link, and one stop among them
    # Once a line is focused, the copy bar for it joins the stops before the transcript.
    page.focus("#within-q")
    assert tab_stops(page)[:4] == ["button Find", "button Copy link", "button Copy citation", "a 0:00"]
    # Into the transcript: the arrows move between lines, End and Home to the ends of the part.
    page.focus("#part-number")
    page.keyboard.press("Shift+Tab")
    lines = page.locator(".segments li")
    assert focused(page) == "a 0:00"
    for key, line in [("ArrowDown", 1), ("ArrowDown", 2), ("ArrowDown", 3), ("ArrowUp", 2), ("End", 998), ("Home", 0), ("PageDown", 10)]:
        page.keyboard.press(key)
        assert focused(page) == "a " + lines.nth(line).locator(".moment").text_content(), key
    # Tab leaves the transcript; Shift+Tab comes back to the line last focused.
    page.keyboard.press("Tab")
    assert focused(page) == "input#part-number 1"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "a " + lines.nth(10).locator(".moment").text_content()
    # Enter on a line without video marks it and names it in the URL, on the same page.
    page.evaluate("window.marker = 'same page'")
    page.keyboard.press("Enter")
    seconds = int(lines.nth(10).get_attribute("data-start")) // 1000
    assert re.search(rf"\?t={seconds}&lang=en&transcript=\d+#{lines.nth(10).get_attribute('id')}$", page.url)
    assert "current" in lines.nth(10).get_attribute("class") and page.evaluate("window.marker") == "same page"


def test_f3_and_enter_bring_every_match_into_view_across_parts(site, page):
    page.goto(f"{site}/talks/{LECTURE}/")
    page.fill("#within-q", "scaling")
    page.keyboard.press("Enter")
    page.wait_for_selector(".within-status:has-text('/')")
    total = int(page.inner_text(".within-status").split(" / ")[1])
    here = page.locator(".segments li.match").count()
    assert (here, total) == (21, 28)  # 7 matches are in the second part
    assert page.inner_text(".within-status") == f"1 / {total}" and match_in_view(page)
    for step in range(2, here + 1):
        page.keyboard.press("F3" if step % 2 else "Enter")
        assert page.inner_text(".within-status") == f"{step} / {total}"
        assert match_in_view(page), step
    # The next match is in the second part: F3 opens it there, at that match, still counting from the top.
    page.keyboard.press("F3")
    page.wait_for_url(re.compile(r"[?&]cue=\d+.*#seg-\d+$"))
    page.wait_for_selector(".within-status:has-text('/')")
    assert page.inner_text(".within-status") == f"{here + 1} / {total}"
    assert "Part 2 of 2" in page.inner_text(".part-status") and match_in_view(page)
    page.keyboard.press("Shift+F3")
    page.wait_for_url(re.compile(r"[?&]cue=\d+"))
    page.wait_for_selector(".within-status:has-text('/')")
    assert page.inner_text(".within-status") == f"{here} / {total}" and match_in_view(page)


def test_editing_the_query_restarts_the_search_and_escape_clears_it(site, page):
    page.goto(f"{site}/talks/{LECTURE}/?q=scaling")
    page.wait_for_selector(".within-status:has-text('/')")
    page.focus("#within-q")
    page.keyboard.press("F3")
    assert page.inner_text(".within-status") == "2 / 28"
    page.keyboard.press("Control+A")
    page.keyboard.type("emergent")  # editing: the old matches go at once
    assert page.inner_text(".within-status") == "" and page.locator(".transcript-body mark").count() == 0
    page.keyboard.press("F3")  # and the next step is the new search's first match
    page.wait_for_selector(".within-status:has-text('/')")
    assert page.inner_text(".within-status") == "1 / 12" and match_in_view(page)
    assert page.locator(".match-current mark").first.inner_text().lower() == "emergent"
    page.keyboard.press("Escape")
    assert page.input_value("#within-q") == "" and page.inner_text(".within-status") == ""
    assert page.locator(".transcript-body mark, .match").count() == 0
    assert "q=" not in page.url


def test_a_moment_link_to_another_part_lands_on_its_cue(site, page):
    cue = Segment.objects.get(transcript__talk__slug=LECTURE, position=1500)
    page.goto(f"{site}/talks/{LECTURE}/#seg-{cue.pk}")  # a fragment the server never sees
    page.wait_for_url(re.compile(rf"[?&]cue={cue.pk}#seg-{cue.pk}$"))
    landed = page.locator(f"#seg-{cue.pk}")
    landed.wait_for()
    page.wait_for_load_state("load")
    assert "current" in landed.get_attribute("class")
    box = landed.bounding_box()
    assert covered_top(page) <= box["y"] and box["y"] + box["height"] <= 800
