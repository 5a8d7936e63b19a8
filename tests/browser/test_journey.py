"""The search journey in headless Chromium at desktop and phone widths, dark scheme, keyboard only, and axe-core
on every page this side of the talk page, in both interface languages. One demo archive per test; pages reuse
the session's browser."""

import re

import pytest

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import create_editor, log_in_as_editor

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def browse(chromium):
    """A new page in a context of its own (viewport, colour scheme, interface language); all closed after the test."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = chromium.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.route(re.compile(r"https://(www\.youtube\.com|player\.bilibili\.com)/.*"), lambda route: route.abort())
        return page

    yield open_page
    for context in contexts:
        context.close()


def focused(page) -> str:
    return page.evaluate("document.activeElement.closest('.results') ? 'results' : "
                         "document.activeElement.closest('.facets') ? 'facets' : document.activeElement.tagName")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_search_chip_all_hits_a_hit_and_back(site, browse, viewport):
    page = browse(viewport)
    page.goto(site + "/")
    page.fill("#q", "scaling")
    page.keyboard.press("Enter")
    page.wait_for_selector(".talk-result")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # nothing wider than the screen
    # Keyboard order follows reading order: from the search box, the results come before the facets.
    page.focus("#q")
    while focused(page) not in {"results", "facets"}:
        page.keyboard.press("Tab")
    assert focused(page) == "results"

    page.locator(".facets a", has_text="Ilya Sutskever").click()
    page.wait_for_selector(".chip")
    assert page.locator(".active-filters .chip").inner_text().startswith("Speaker: Ilya Sutskever")
    assert "Stanford CS25" not in page.locator(".results").inner_text()
    page.locator(".active-filters .chip").click()
    page.wait_for_url(lambda url: "speaker=" not in url)
    assert page.locator(".active-filters").count() == 0
    assert "Stanford CS25" in page.locator(".results").inner_text()

    first = page.locator(".talk-result").first
    total = int(re.search(r"\d+", first.locator(".hit-count").inner_text()).group())
    first.locator(".more-hits a").click()
    page.wait_for_url(re.compile(r"all_hits=1"))
    assert page.locator(".hit").count() == total > 3
    assert page.locator(".active-filters .chip").count() == 1  # the talk, removable like any filter

    results_url = page.url
    hit = page.locator(".hit .moment").nth(4)
    href = hit.get_attribute("href")
    hit.click()
    page.wait_for_url(re.compile(re.escape(href.split("#")[0])))
    page.go_back()
    page.wait_for_url(results_url)
    assert page.locator(".hit").count() == total


def test_the_strip_marks_lead_to_every_hit(site, browse):
    page = browse()
    page.goto(site + "/search/?q=scaling")
    mark = page.locator(".talk-result").first.locator(".strip a").first
    mark.click()
    page.wait_for_url(re.compile(r"all_hits=1"))
    assert page.locator(".hit").count() > 3


def test_dark_scheme_colours(site, browse):
    light, dark = browse(color_scheme="light"), browse(color_scheme="dark")
    colours = {}
    for name, page in (("light", light), ("dark", dark)):
        page.goto(site + "/search/?q=scaling")
        colours[name] = page.evaluate("""() => {
            const css = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
            return [css('body', 'backgroundColor'), css('body', 'color'), css('.talk-result h2 a', 'color'),
                    css('#q', 'borderTopColor'), css('.hit mark', 'backgroundColor')];
        }""")
    assert colours["light"] == ["rgb(247, 248, 250)", "rgb(26, 32, 39)", "rgb(10, 88, 168)", "rgb(123, 135, 148)",
                                "rgb(255, 224, 102)"]
    assert colours["dark"] == ["rgb(17, 20, 24)", "rgb(231, 235, 240)", "rgb(121, 180, 255)", "rgb(120, 132, 143)",
                               "rgb(122, 93, 0)"]


def test_keyboard_only(site, browse):
    page = browse()
    page.goto(site + "/talks/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-q"
    page.keyboard.type("neural/network")  # "/" typed in a box is a character, not the shortcut
    assert page.input_value("#site-q") == "neural/network"
    page.fill("#site-q", "neural")
    page.keyboard.press("Enter")
    page.wait_for_selector(".talk-result")
    page.locator(".talk-result h2 a").first.focus()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    # The interface language changes only when asked: arrow keys on the switcher do not navigate.
    url = page.url
    page.focus("#interface-language")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == url and page.input_value("#interface-language") == "zh-hans"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(".brand:has-text('演讲档案')")
    assert page.url == url  # back on the same results


def test_no_serious_accessibility_violation_in_either_language(site, browse, django_user_model):
    create_editor(django_user_model)
    axe = Axe()
    found = {}
    paths = ["/", "/search/?q=scaling", "/search/?q=scaling&speaker=ilya-sutskever", "/search/?q=zzzz",
             "/speakers/ilya-sutskever/", "/events/neurips-2024/", "/talks/", "/speakers/", "/events/", "/about/", "/admin/talks/talk/upload/",
             "/admin/django_tasks_database/dbtaskresult/"]
    for language, scheme in (("en", "light"), ("zh-CN", "dark")):
        page = browse(color_scheme=scheme, locale=language, extra_http_headers={"Accept-Language": language})
        log_in_as_editor(page, site)
        page.wait_for_selector("#site-name")
        for path in paths:
            page.goto(site + path)
            violations = axe.run(page).response["violations"]
            serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in SERIOUS]
            if serious:
                found[f"{language} {path}"] = serious
    assert found == {}
