"""The 404, 500 and 503 pages in Chromium (issue 18, item 4): at 1280 and 390 px, in English and Chinese, light and
dark, the message is in view without scrolling, nothing is wider than the window, and axe-core finds no serious
or critical violation. 500 and 503 are rendered as the server renders them without a database (config.outage),
then served at a URL of the live server so its stylesheets load. SHOTS_DIR=… keeps the screenshots."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from django.utils import translation

from config.outage import server_error, unavailable

SERIOUS = {"serious", "critical"}
HEADINGS = {
    ("404", "en"): "Page not found", ("404", "zh-hans"): "找不到页面",
    ("500", "en"): "Something went wrong on our side", ("500", "zh-hans"): "我们这边出了问题",
    ("503", "en"): "The archive is unavailable for a moment", ("503", "zh-hans"): "演讲档案暂时无法访问",
}


def rendered(code: str, language: str) -> bytes:
    request = RequestFactory().get("/talks/")
    with translation.override(language):
        return (server_error(request) if code == "500" else unavailable(request)).content


def serve(status: int, body: bytes):
    return lambda route: route.fulfill(status=status, body=body, content_type="text/html; charset=utf-8")


@pytest.mark.django_db(transaction=True)
def test_error_pages_in_both_languages_widths_and_schemes(live_server, chromium):
    axe, found = Axe(), {}
    for language in ("en", "zh-hans"):
        pages = {"404": None, "500": rendered("500", language), "503": rendered("503", language)}
        for width, height in ((1280, 800), (390, 844)):
            for scheme in ("light", "dark"):
                context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                               extra_http_headers={"Accept-Language": language})
                page = context.new_page()
                for code, body in pages.items():
                    url = f"{live_server.url}/no/such/page/{code}/"
                    if body is not None:
                        page.route(url, serve(int(code), body))
                    assert page.goto(url).status == int(code)
                    heading = page.locator("main h1")
                    assert heading.inner_text() == HEADINGS[code, language]
                    box = heading.bounding_box()
                    assert box["y"] + box["height"] <= height  # in view without scrolling
                    assert page.evaluate("document.documentElement.scrollWidth") <= width
                    violations = axe.run(page).response["violations"]
                    serious = [v["id"] for v in violations if v["impact"] in SERIOUS]
                    if serious:
                        found[f"{code} {language} {width} {scheme}"] = serious
                    if os.environ.get("SHOTS_DIR"):
                        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"{code}-{language}-{width}-{scheme}.png"))
                context.close()
    assert found == {}
