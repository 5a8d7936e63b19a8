"""What a talk page costs the reader: bytes over the wire (raw and gzip) and, in headless Chromium,
first paint, first contentful paint, DOM nodes and load time. Not part of the test suite.

    .venv/bin/python -m benchmarks.talk_page http://127.0.0.1:PORT/talks/wei-chung-stanford-cs25/ [--runs 5]

Point it at a running server (for example `DJANGO_DEBUG=1 .venv/bin/python manage.py runserver PORT`
with the demo archive loaded). Figures are medians over --runs page loads in fresh browser contexts;
requests to the video sites are refused so only the page itself is measured.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import urllib.request

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
MEASURE = """() => {
  const paint = {};
  for (const entry of performance.getEntriesByType('paint')) paint[entry.name] = entry.startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  return {fp: paint['first-paint'], fcp: paint['first-contentful-paint'],
          nodes: document.getElementsByTagName('*').length, load: nav.loadEventEnd, ttfb: nav.responseStart, html_done: nav.responseEnd,
          transfer: nav.transferSize, body: nav.decodedBodySize};
}"""


def wire_bytes(url: str) -> dict[str, int]:
    plain = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "identity"})).read()
    response = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}))
    sent = response.read()
    compressed = response.headers.get("Content-Encoding") == "gzip"
    return {"html": len(plain), "sent_with_gzip_accepted": len(sent), "server_compressed": int(compressed),
            "gzip_if_compressed": len(sent) if compressed else len(gzip.compress(plain))}


def browser_figures(url: str, runs: int) -> dict[str, float]:
    """The page's HTML is fetched once and served to the browser from memory, so the figures measure the
    browser's work (parse, style, layout, paint), not the server's render time on a busy machine."""
    from playwright.sync_api import sync_playwright

    html = urllib.request.urlopen(url).read()
    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.route(re.compile(r"https://(www\.youtube\.com|player\.bilibili\.com)/.*"), lambda route: route.abort())
            page.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)
            samples.append(page.evaluate(MEASURE))
            context.close()
        browser.close()
    return {key: statistics.median(s[key] for s in samples if s[key] is not None) for key in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, value in {**wire_bytes(args.url), **browser_figures(args.url, args.runs)}.items():
        print(f"{name:>24}: {value:,.0f}" if isinstance(value, (int, float)) else f"{name:>24}: {value}")


if __name__ == "__main__":
    main()
