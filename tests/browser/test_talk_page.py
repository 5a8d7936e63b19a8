"""The talk page in headless Chromium. The test machine cannot reach YouTube, so the IFrame API is
replaced by a stub that records what the page asks of the player (start second, seeks)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from talks.models import Segment

pytestmark = pytest.mark.django_db(transaction=True)

FIRESIDE = "huang-sutskever-gtc-2023-fireside-chat"
NEURIPS = "sutskever-neurips-2024-test-of-time"
LECTURE = "wei-chung-stanford-cs25"
PHONE = {"width": 390, "height": 844}
VIDEO_SITES = re.compile(r"https://(www\.youtube\.com|player\.bilibili\.com)/.*")

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
    assert start < 601_000 and 600_000 < int(following.get_attribute("data-start"))  # said during second 600
    assert in_view(page, current) and current.locator(".moment").inner_text().startswith("≈ ")


def test_clicking_a_segment_seeks_without_reloading_and_the_transcript_follows(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{FIRESIDE}/")
    page.wait_for_function("window.ytPlayer !== undefined")
    page.evaluate("window.marker = 'same page'")
    target = page.locator(".segments li").nth(40)
    seconds = int(target.get_attribute("data-start")) / 1000
    target.locator(".moment").click()
    assert page.evaluate("window.ytCalls.filter(c => c[0] === 'seekTo')") == [["seekTo", seconds]]
    assert page.evaluate("window.marker") == "same page"  # no reload
    assert re.search(rf"\?t={int(seconds)}&lang=en&transcript=\d+#{target.get_attribute('id')}$", page.url)
    assert "current" in target.get_attribute("class")
    # The video plays on: the highlighted segment follows it and is scrolled into view.
    page.evaluate("window.ytPlayer.now = 1000")
    later = page.locator(".segments li.current")
    page.wait_for_function("document.querySelector('.segments li.current') && Number(document.querySelector('.segments li.current').dataset.start) > 990000")
    assert in_view(page, later)
    page.uncheck("#follow")
    scrolled = page.evaluate("window.scrollBy(0, 2000), scrollY")  # the reader scrolls on: the page itself scrolls
    page.evaluate("window.ytPlayer.now = 5")
    page.wait_for_function("Number(document.querySelector('.segments li.current').dataset.start) < 10000")
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == scrolled > 0  # following off: no scrolling


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
    # A Chinese word, in untimed text shown as paragraphs.
    page.goto(f"{site}/talks/{NEURIPS}/?lang=zh-Hans")
    page.fill("#within-q", "训练")
    page.click("form.within button[type=submit]")
    page.wait_for_selector(".within-status:has-text('/')")
    assert page.inner_text(".within-status") == f"1 / {page.locator('.paragraphs .match').count()}"
    assert page.locator(".paragraphs .match mark").first.inner_text() == "训练"


def test_side_by_side_view_pairs_segments_by_time(site, youtube):
    page = youtube
    page.goto(f"{site}/talks/{NEURIPS}/?lang=en")
    assert page.locator("#parallel-with option").all_inner_texts()[1:] == ["German · translation", "Turkish · translation"]
    page.select_option("select[name=with]", label="German · translation")
    page.click(".transcript-choice button[type=submit]")
    page.wait_for_selector("table.parallel")
    first = page.locator("table.parallel tbody tr").first
    assert first.locator("td").nth(0).inner_text().startswith("0:00")
    assert "Organisatoren" in first.locator("td").nth(1).inner_text()
    assert page.locator("table.parallel tbody tr").count() == 12
    assert page.locator("table.parallel th").all_inner_texts() == ["English", "German"]
    # A citation from the German translation.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site}/talks/{NEURIPS}/?lang=de")
    cue = page.locator(".segments li").nth(1)
    cue.click()
    page.click(".copy-citation")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“Hier sehen Sie ein Bild")
    assert "Ilya Sutskever, “Sequence to Sequence Learning with Neural Networks: What a Decade”, NeurIPS 2024, Dec. 13, 2024, 0:15" in copied
    assert re.search(rf"/talks/{NEURIPS}/\?t=15&lang=de&transcript=\d+#{cue.get_attribute('id')}$", copied)


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


def covered_top(page):
    """Where the sticky player and toolbar above the transcript end, from the top of the window (on wide
    screens the player sticks beside the transcript, not above it)."""
    return page.evaluate("""(() => { const text = document.querySelector('.transcript-body').getBoundingClientRect();
        return Math.max(0, ...[...document.querySelectorAll('.player-panel, .transcript-toolbar')]
        .filter(el => getComputedStyle(el).position === 'sticky' && el.offsetHeight)
        .map(el => el.getBoundingClientRect())
        .filter(box => box.left < text.right && text.left < box.right)
        .map(box => box.bottom)); })()""")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["1280", "390"])
def test_a_search_hit_lands_marked_and_the_search_steps_on_from_it(site, chromium, viewport):
    context = chromium.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    cue = Segment.objects.get(transcript__talk__slug=LECTURE, start_ms=1179140)  # 19:39, said by Jason Wei
    page.goto(f"{site}/search/?q=scaling")
    page.locator(f'a[href$="#seg-{cue.pk}"]').first.click()
    page.wait_for_selector(".within-status:has-text('/')")
    landed = page.locator(f"#seg-{cue.pk}")
    assert "current" in landed.get_attribute("class") and "match-current" in landed.get_attribute("class")
    assert landed.locator("mark").all_inner_texts() == ["scaling", "scaling"]
    assert page.input_value("#within-q") == "scaling"
    position, total = map(int, page.inner_text(".within-status").split(" / "))
    # From the hit, not from 1; the lecture comes in parts of 1,000 cues, and 7 of the 28 matches are in the second.
    assert (total, page.locator(".segments li.match").count()) == (28, 21) and position > 1
    box = landed.bounding_box()
    assert box["y"] >= covered_top(page) and box["y"] + box["height"] <= viewport["height"]
    # One page scroll: the heading has gone up, and the sticky search bar names the talk instead.
    assert in_view(page, page.locator(".toolbar-title")) and page.inner_text(".toolbar-title") == page.inner_text("h1")
    # Enter goes on to the next match (it does not start again at 1), F3 too, Shift+F3 goes back.
    page.focus("#within-q")
    page.keyboard.press("Enter")
    assert page.inner_text(".within-status") == f"{position + 1} / {total}"
    page.keyboard.press("F3")
    assert page.inner_text(".within-status") == f"{position + 2} / {total}"
    page.keyboard.press("Shift+F3")
    assert page.inner_text(".within-status") == f"{position + 1} / {total}"
    assert in_view(page, page.locator(".match-current")) and in_view(page, page.locator(".within-next"))
    # Keyboard only: the copy bar holds the cue landed on; Tab reaches it from the search box.
    # The citation names the one speaker of the line, not both speakers of the talk.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "copy-citation":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(".copied:has-text('Copied.')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“is something called inverse scaling slash u-shaped scaling.” — Jason Wei, “Stanford CS25")
    assert "Hyung Won Chung" not in copied
    page.click(".back-link")
    page.wait_for_url(re.compile(r"/search/\?q=scaling$"))
    # ?t= alone: the cue said during that second, not the one before it.
    page.goto(f"{site}/talks/{LECTURE}/?t=1179")
    assert page.get_attribute(".segments li.current", "id") == f"seg-{cue.pk}"
    context.close()


def test_when_the_video_cannot_load_the_watch_link_stands_in(site, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.route(VIDEO_SITES, lambda route: route.abort())  # blocked or offline: the IFrame API never arrives
    page.goto(f"{site}/talks/{FIRESIDE}/?t=600")
    page.wait_for_selector(".player-failed", state="visible")
    assert not page.locator("#player").is_visible()
    watch = page.locator(".watch a")
    assert watch.is_visible() and watch.inner_text() == "Watch on YouTube at 10:00 ↗"
    assert watch.get_attribute("href") == "https://www.youtube.com/watch?v=f96Xrg4uNik&t=600s"
    # Without a player, a moment link opens the page at that moment (and the watch link follows it).
    page.locator(".segments li").nth(3).locator(".moment").click()
    page.wait_for_url(re.compile(r"\?t=\d+&lang=en&transcript=\d+#seg-\d+$"))
    context.close()


def test_on_a_phone_the_player_stays_in_view_above_the_current_cue(site, chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.route(VIDEO_SITES, lambda route: route.abort())
    page.route("https://www.youtube.com/iframe_api", lambda route: route.fulfill(content_type="text/javascript", body=YOUTUBE_STUB))
    page.goto(f"{site}/talks/{FIRESIDE}/?t=600")
    page.wait_for_function("window.ytPlayer !== undefined")
    player, current = page.locator("#player"), page.locator(".segments li.current")
    page.wait_for_load_state("load")
    assert in_view(page, player) and in_view(page, current), (player.bounding_box(), current.bounding_box())
    assert page.evaluate("scrollY") > 2000
    assert player.bounding_box()["height"] <= 844 * 0.3 + 1
    assert current.bounding_box()["y"] >= covered_top(page)
    page.evaluate("window.ytPlayer.now = 1000")  # the video plays on: the page follows it, the player stays
    page.wait_for_function("Number(document.querySelector('.segments li.current').dataset.start) > 990000")
    assert in_view(page, player) and in_view(page, page.locator(".segments li.current"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    context.close()


TALK_PAGES = {
    "timed with player": f"/talks/{FIRESIDE}/?t=600",
    "untimed": f"/talks/{NEURIPS}/?lang=zh-Hans&q=%E8%AE%AD%E7%BB%83",
    "side by side": f"/talks/{NEURIPS}/?lang=en&with=de",
}


def test_talk_pages_have_no_serious_accessibility_violations_in_either_scheme_or_language(site, chromium):
    axe = Axe()
    for scheme in ("light", "dark"):
        for language in ("en", "zh-CN"):
            context = chromium.new_context(color_scheme=scheme, locale=language, extra_http_headers={"Accept-Language": language})
            page = context.new_page()
            page.route(VIDEO_SITES, lambda route: route.abort())
            for name, path in TALK_PAGES.items():
                page.goto(f"{site}{path}")
                page.wait_for_load_state("load")
                background = page.evaluate("getComputedStyle(document.body).backgroundColor")
                red, green, blue = map(int, re.findall(r"\d+", background)[:3])
                assert (red + green + blue < 192) == (scheme == "dark"), (scheme, background)
                results = axe.run(page)
                serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
                assert serious == [], (scheme, language, name)
            context.close()
