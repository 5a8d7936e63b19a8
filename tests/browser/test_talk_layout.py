"""The talk page's layout in headless Chromium at 1280×800 and 390×844, light and dark, English and
Chinese: a landed cue in view with the player, one page scroll, the page aligned with the header, the
width used when there is no video, and the Bilibili player replaced by its fallback when it is blocked."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_talk_page import FIRESIDE, LECTURE, NEURIPS, VIDEO_SITES, YOUTUBE_STUB, covered_top

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
VARIANTS = [(viewport, scheme, language) for viewport in (DESKTOP, PHONE) for scheme in ("light", "dark") for language in ("en", "zh-CN")]
BILIBILI = re.compile(r"https://player\.bilibili\.com/.*")


def open_page(chromium, viewport, scheme, language):
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, locale=language,
                                   extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.route(VIDEO_SITES, lambda route: route.abort())
    page.route("https://www.youtube.com/iframe_api", lambda route: route.fulfill(content_type="text/javascript", body=YOUTUBE_STUB))
    return context, page


def box_of(page, selector):
    return page.evaluate(f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
                         " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })()")


def test_a_landed_cue_is_in_view_with_the_player_in_every_variant(site, chromium):
    axe = Axe()
    for viewport, scheme, language in VARIANTS:
        context, page = open_page(chromium, viewport, scheme, language)
        page.goto(f"{site}/talks/{FIRESIDE}/?t=600")
        page.wait_for_function("window.ytPlayer !== undefined")
        page.wait_for_load_state("load")
        page.wait_for_timeout(600)  # the landing keeps aiming for half a second while cues take their height
        variant = (viewport["width"], scheme, language)
        player, cue = box_of(page, "#player"), box_of(page, ".segments li.current")
        assert 0 <= player["top"] and player["bottom"] <= viewport["height"], variant
        assert covered_top(page) <= cue["top"] and cue["bottom"] <= viewport["height"], variant
        assert page.evaluate("scrollY") > 1000, variant  # the page scrolled to the cue ...
        body = page.evaluate("(() => { const b = document.querySelector('.transcript-body');"
                             " return [getComputedStyle(b).overflowY, b.scrollHeight - b.clientHeight]; })()")
        assert body == ["visible", 0], variant  # ... and the transcript is no box with a scroll bar of its own
        if viewport is DESKTOP:
            assert player["right"] < cue["left"], variant  # the player sticks beside the transcript
        # The page starts where the header does; nothing is wider than the window.
        assert box_of(page, ".talk-page")["left"] == box_of(page, ".brand")["left"], variant
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], variant
        # An English title in either interface language says so.
        assert page.get_attribute("h1", "lang") == "en" and page.get_attribute(".summary", "lang") == "en"
        serious = [v["id"] for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], variant
        context.close()


def test_a_talk_without_video_gives_the_transcript_the_width_and_a_time_click_marks_its_cue(site, chromium):
    context, page = open_page(chromium, DESKTOP, "light", "en")
    page.goto(f"{site}/talks/{LECTURE}/")
    panel, main = box_of(page, ".transcript-panel"), page.evaluate(
        "(() => { const m = document.querySelector('main'), s = getComputedStyle(m);"
        " return m.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })()")
    assert panel["right"] - panel["left"] == main == 1168
    page.evaluate("window.marker = 'same page'")
    target = page.locator(".segments li").nth(30)
    seconds = int(target.get_attribute("data-start")) // 1000
    target.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the sticky bar: Playwright need not scroll
    before = target.bounding_box()["y"]
    target.locator(".moment").click()
    assert "current" in target.get_attribute("class")
    assert re.search(rf"\?t={seconds}&lang=en&transcript=\d+#{target.get_attribute('id')}$", page.url)
    # No reload, and the line stays where it was (the copy bar appearing above it does not push it down).
    assert page.evaluate("window.marker") == "same page" and abs(target.bounding_box()["y"] - before) < 1
    context.close()


@pytest.mark.parametrize("viewport, scheme", [(DESKTOP, "light"), (PHONE, "dark")], ids=["1280-light", "390-dark"])
def test_a_blocked_bilibili_player_is_replaced_by_the_fallback(site, chromium, viewport, scheme):
    context, page = open_page(chromium, viewport, scheme, "en")
    page.goto(f"{site}/talks/{NEURIPS}/")
    assert page.get_attribute("#player", "data-platform") == "bilibili"
    page.wait_for_selector(".player-failed", state="visible", timeout=5_000)  # well before the 10 s watchdog
    assert not page.locator("#player iframe").is_visible()
    watch = page.locator(".watch a")
    assert watch.is_visible() and watch.inner_text() == "Watch on Bilibili ↗"
    assert page.evaluate("window.talkPlayer.ready") is False
    # Not a sticky box on a phone: the notice scrolls away with the page.
    assert page.evaluate("getComputedStyle(document.querySelector('.player-panel')).position") == (
        "sticky" if viewport is DESKTOP else "static")
    assert page.locator(".recordings a").all_inner_texts() == ["Bilibili · recording 1", "Bilibili · recording 2"]
    context.close()


def test_a_bilibili_player_that_answers_is_shown(site, chromium):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route(BILIBILI, lambda route: route.fulfill(content_type="text/html", body="<!doctype html><title>player</title><p>playing"))
    page.goto(f"{site}/talks/{NEURIPS}/")
    page.wait_for_function("window.talkPlayer && window.talkPlayer.ready === true")
    assert page.get_attribute("#player", "data-state") == "ready"
    assert page.locator("#player iframe").is_visible() and not page.locator(".player-failed").is_visible()
    context.close()
