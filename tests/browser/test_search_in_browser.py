"""The search page in a real headless Chromium: type, see grouped highlighted results, follow a moment."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_type_a_query_see_grouped_highlighted_results_and_follow_a_moment(site, page):
    page.goto(site + "/")
    page.fill("input[name=q]", '"why do language models work so well"')
    page.keyboard.press("Enter")
    page.wait_for_selector(".talk-result")
    assert page.locator(".talk-result").count() == 1
    assert "Stanford CS25" in page.locator(".talk-result h2").inner_text()
    assert page.locator(".hit mark").first.inner_text().lower() == "why do language models work so well"
    moment = page.locator(".hit .moment").first
    assert moment.inner_text() == "0:59"
    moment.click()
    page.wait_for_url(re.compile(r"/talks/wei-chung-stanford-cs25/\?t=59&lang=en&transcript=\d+&q=[^#]+#seg-\d+$"))
    anchor = page.url.split("#")[1]
    segment = page.locator(f"#{anchor}")
    assert "why do language models work so well" in segment.inner_text()
    box = segment.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # scrolled to the moment


def test_chinese_query_typed_in_the_browser(site, page):
    page.goto(site + "/search/")
    page.fill("input[name=q]", "训练")
    page.keyboard.press("Enter")
    page.wait_for_selector(".hit mark")
    assert page.locator(".hit mark").first.inner_text() == "训练"
    assert page.locator(".hit .moment").first.inner_text() == "Open passage"  # the transcript has no times
    assert "Chinese (Simplified)" in page.locator(".facets").inner_text()


def test_an_invalid_query_shows_a_message_not_an_error_page(site, page):
    response = page.goto(site + "/search/?q=" + "(" * 20 + "x")
    assert response.status == 400
    assert "nested" in page.locator(".error").inner_text()


def test_facet_link_narrows_the_results(site, page):
    page.goto(site + "/search/?q=network+OR+Netzwerk")
    before = page.locator("#summary").inner_text()
    page.locator(".facets a", has_text="German").click()
    page.wait_for_url(re.compile(r"lang=de"))
    assert page.locator("#summary").inner_text() != before
    assert set(page.locator(".hit .hit-language").all_inner_texts()) == {"German"}
