"""The talk page in headless Chromium. The test machine cannot reach YouTube, so the IFrame API is
replaced by a stub that records what the page asks of the player (start second, seeks)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

FIRESIDE = "huang-sutskever-gtc-2023-fireside-chat"
NEURIPS = "sutskever-neurips-2024-test-of-time"

YOUTUBE_STUB = """
window.ytCalls = [];
window.YT = { Player: function (mount, options) {
  var self = this;
  self.now = options.playerVars.start;
  window.ytCalls.push(["create", options.videoId, options.playerVars.start]);
  self.seekTo = function (seconds) { window.ytCalls.push(["seekTo", seconds]); self.now = seconds; };
  self.playVideo = function () {};
  self.getCurrentTime = function () { return self.now; };
  window.ytPlayer = self;
  setTimeout(function () { options.events.onReady({ target: self }); }, 0);
} };
setTimeout(function () { window.onYouTubeIframeAPIReady(); }, 0);
"""


@pytest.fixture
def site(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def youtube(page):
    # Routes added later win: first refuse every other request to the video sites, then stub the API.
    page.route(re.compile(r"https://(www\.youtube\.com|player\.bilibili\.com)/.*"), lambda route: route.abort())
    page.route("https://www.youtube.com/iframe_api", lambda route: route.fulfill(content_type="text/javascript", body=YOUTUBE_STUB))
    return page


def in_view(page, locator):
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def test_opening_at_t_starts_the_player_there_and_scrolls_to_the_segment(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{FIRESIDE}/?t=600")
    page.wait_for_function("window.ytCalls && window.ytCalls.length > 0")
    assert page.evaluate("window.ytCalls[0]") == ["create", "f96Xrg4uNik", 600]
    current = page.locator(".segments li.current")
    assert current.count() == 1
    start = int(current.get_attribute("data-start"))
    following = current.locator("xpath=following-sibling::li[1]")
    assert start <= 600_000 < int(following.get_attribute("data-start"))
    assert in_view(page, current) and current.locator(".moment").inner_text().startswith("≈ ")


def test_clicking_a_segment_seeks_without_reloading_and_the_transcript_follows(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{FIRESIDE}/")
    page.wait_for_function("window.ytPlayer !== undefined")
    page.evaluate("window.marker = 'same page'")
    target = page.locator(".segments li").nth(40)
    seconds = float(target.locator(".moment").get_attribute("data-seconds"))
    target.locator(".moment").click()
    assert page.evaluate("window.ytCalls.filter(c => c[0] === 'seekTo')") == [["seekTo", seconds]]
    assert page.evaluate("window.marker") == "same page"  # no reload
    assert re.search(rf"t={int(seconds)}#seg-\d+$", page.url)
    assert "current" in target.get_attribute("class")
    # The video plays on: the highlighted segment follows it and is scrolled into view.
    page.evaluate("window.ytPlayer.now = 1000")
    later = page.locator(".segments li.current")
    page.wait_for_function("document.querySelector('.segments li.current') && Number(document.querySelector('.segments li.current').dataset.start) > 990000")
    assert in_view(page, later)
    page.uncheck("#follow")
    scrolled = page.evaluate("(() => { const list = document.querySelector('.segments'); list.scrollTop = list.scrollHeight; return list.scrollTop; })()")
    page.evaluate("window.ytPlayer.now = 5")
    page.wait_for_function("Number(document.querySelector('.segments li.current').dataset.start) < 10000")
    assert page.evaluate("document.querySelector('.segments').scrollTop") == scrolled  # following off: no scrolling


def test_search_within_the_talk_counts_and_steps_through_matches(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{NEURIPS}/?lang=en")
    page.fill("#within-q", "neural")
    page.click("form.within button[type=submit]")
    page.wait_for_selector(".within-status:has-text('/')")
    total = int(page.inner_text(".within-status").split("/")[1])
    assert total == page.locator(".segments li.match").count() >= 2
    assert page.inner_text(".within-status") == f"1 / {total}"
    first = page.locator(".match-current")
    assert "neural" in first.locator("mark").first.inner_text().lower()
    page.click(".within-next")
    assert page.inner_text(".within-status") == f"2 / {total}"
    page.click(".within-prev")
    page.click(".within-prev")
    assert page.inner_text(".within-status") == f"{total} / {total}"


def test_search_within_the_talk_for_a_chinese_word(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{NEURIPS}/?lang=zh-Hans")
    page.fill("#within-q", "训练")
    page.click("form.within button[type=submit]")
    page.wait_for_selector(".within-status:has-text('/')")
    assert page.inner_text(".within-status") == f"1 / {page.locator('.paragraphs .match').count()}"
    assert page.locator(".paragraphs .match mark").first.inner_text() == "训练"


def test_side_by_side_view_pairs_segments_by_time(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{NEURIPS}/?lang=en")
    page.select_option("select[name=with]", label="de · translation")
    page.click(".parallel-form button")
    page.wait_for_selector("table.parallel")
    first = page.locator("table.parallel tbody tr").first
    assert first.locator("td").nth(0).inner_text().startswith("0:00")
    assert "Organisatoren" in first.locator("td").nth(1).inner_text()
    assert page.locator("table.parallel tbody tr").count() == 12


def test_copy_a_citation(site, youtube):
    page = youtube
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site}/talks/{NEURIPS}/?lang=de")
    page.locator(".segments li").nth(1).locator(".text").click()
    page.click(".copy-citation")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“Hier sehen Sie ein Bild")
    assert "Ilya Sutskever, “Sequence to Sequence Learning with Neural Networks: What a Decade”, NeurIPS 2024, 13 December 2024, 0:15" in copied
    assert re.search(r"t=15#seg-\d+$", copied)


def test_chinese_interface(site, chromium):
    context = chromium.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = context.new_page()
    page.goto(f"{site}/talks/{NEURIPS}/")
    assert page.locator(".brand").inner_text() == "演讲档案"
    assert page.get_attribute("#within-q", "placeholder") == "在本演讲中搜索"
    page.select_option("#interface-language", "en")
    page.click(".lang-switch button")
    page.wait_for_selector(".brand:has-text('Talk Archive')")
    context.close()


def test_phone_width_stacks_player_above_transcript(site, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route(re.compile(r"https://(www\.youtube\.com|player\.bilibili\.com)/.*"), lambda route: route.abort())
    page.goto(f"{site}/talks/{FIRESIDE}/")
    player, transcript = page.locator(".player-panel").bounding_box(), page.locator(".transcript-panel").bounding_box()
    assert player["width"] <= 390 and transcript["y"] >= player["y"] + player["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    context.close()
