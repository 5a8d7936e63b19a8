"""The results page in headless Chromium, at 1280×800 and 390×844, light and dark, English and Chinese: filters
typed in the box as removable chips, a page past the last, Chinese broken only between words, axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from talks.parsing.chinese import cut_words
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)
SERIOUS = {"serious", "critical"}
# (viewport, colour scheme, browser language): every size, scheme and interface language at least once.
VARIANTS = {
    "1280-light-en": (DESKTOP, "light", "en"),
    "390-dark-zh": (PHONE, "dark", "zh-CN"),
    "390-light-en": (PHONE, "light", "en"),
    "1280-dark-zh": (DESKTOP, "dark", "zh-CN"),
}
TWO_VARIANTS = ["1280-light-en", "390-dark-zh"]


@pytest.fixture
def browse(open_page):
    return lambda variant: open_page(*VARIANTS[variant])


def no_wider_than_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


# The text of each line an element's text is laid out on, from the characters' boxes.
LINES = """element => {
    const lines = [];
    let top = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            const box = range.getClientRects()[0];
            if (!box) continue;
            if (top === null || box.top > top + 4) { lines.push(""); top = box.top; }
            lines[lines.length - 1] += node.data[i];
        }
    }
    return lines.map(line => line.trim());
}"""


def chip_texts(page) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in page.locator(".active-filters .chip").all_inner_texts()]


def word_starts(text: str) -> set[int]:
    starts, at = set(), 0
    for word in cut_words(text):
        starts.add(at)
        at += len(word)
    return starts


@pytest.mark.parametrize("variant", TWO_VARIANTS)
def test_filters_typed_in_the_box_are_chips_and_removing_one_edits_the_query(site, browse, variant):
    page = browse(variant)
    page.goto(site + "/")
    page.fill("#q", "scaling speaker:ilya lang:en")
    page.keyboard.press("Enter")
    page.wait_for_selector(".active-filters .chip")
    chinese = variant.endswith("zh")
    speaker, language = (("演讲者：Ilya Sutskever", "语言：英语") if chinese
                         else ("Speaker: Ilya Sutskever", "Language: English"))
    chips = page.locator(".active-filters .chip")
    assert chip_texts(page) == [f"{speaker} ×", f"{language} ×"]
    assert chips.nth(1).get_attribute("aria-label") == (f"移除筛选条件“{language}”" if chinese
                                                        else f"Remove the filter “{language}”")
    assert no_wider_than_the_screen(page)
    chips.nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "lang%3A" not in url)
    assert page.input_value("#q") == "scaling speaker:ilya"
    assert chip_texts(page) == [f"{speaker} ×"]
    assert [title.split(":")[0] for title in page.locator(".talk-result h2").all_inner_texts()] == [
        "Sequence to Sequence Learning with Neural Networks", "AI Today and Vision of the Future"]


@pytest.mark.parametrize("variant", TWO_VARIANTS)
def test_a_selected_facet_keeps_a_space_before_its_cross(site, browse, variant):
    page = browse(variant)
    page.goto(site + "/search/?q=scaling&speaker=jensen-huang")
    gap = page.locator(".facets a[aria-current]").evaluate("""a => {
        const range = document.createRange(); range.selectNodeContents(a.firstChild);
        return a.querySelector('.chip__remove').getBoundingClientRect().left - range.getBoundingClientRect().right;
    }""")
    assert gap >= 4  # "Jensen Huang ×", not "Jensen Huang×"


@pytest.mark.parametrize("variant", TWO_VARIANTS)
def test_a_page_past_the_last_says_so_and_links_to_the_last(site, browse, variant):
    page = browse(variant)
    page.goto(site + "/search/?q=attention&page=2")
    expected = ("没有第 2 页：“attention”的结果到第 1 页为止。" if variant.endswith("zh")
                else "There is no page 2: the results for “attention” end on page 1.")
    assert page.locator("#past-last-title").inner_text() == expected
    assert no_wider_than_the_screen(page)
    page.locator(".past-last a").click()
    page.wait_for_url(re.compile(r"page=1$"))
    assert page.locator(".talk-result").count() == 1


def test_chinese_breaks_only_between_words_at_390(site, browse):
    page = browse("390-dark-zh")
    page.goto(site + "/")
    heading = page.locator(".home-hero h1")
    lines = heading.evaluate(LINES)
    assert len(lines) == 2 and lines[1].endswith("每一个字")  # not "每一/个字"
    text = heading.inner_text().replace("\n", "")
    assert len(lines[0]) in word_starts(text)

    page.goto(site + "/search/?q=训练")
    for counted in page.locator(".summary .nowrap, .hit-count").all():
        assert counted.evaluate("e => e.getClientRects().length") == 1, counted.inner_text()  # "3 条命中" on one line
    for snippet in page.locator(".hit-body[lang=zh-Hans] .snippet").all():
        lines = snippet.evaluate(LINES)
        assert len(lines) > 1
        text = "".join(lines)
        breaks = [sum(map(len, lines[:n])) for n in range(1, len(lines))]
        assert set(breaks) <= word_starts(text), (lines, breaks)
    assert no_wider_than_the_screen(page)


def test_no_serious_accessibility_violation_on_results_pages(site, browse):
    axe = Axe()
    paths = ["/", "/search/?q=scaling", "/search/?q=scaling+speaker:ilya+lang:en", "/search/?q=attention&page=2",
             "/search/?q=训练", "/search/?q=zzzz", "/search/?q=scaling&speaker=jensen-huang"]
    found, too_wide = {}, []
    for variant in VARIANTS:
        page = browse(variant)
        for path in paths:
            page.goto(site + path)
            if not no_wider_than_the_screen(page):
                too_wide.append(f"{variant} {path}")
            violations = axe.run(page).response["violations"]
            serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                       for v in violations if v["impact"] in SERIOUS]
            if serious:
                found[f"{variant} {path}"] = serious
    assert found == {} and too_wide == []
