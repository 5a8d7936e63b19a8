"""Writes public/favicon.ico from static/img/logo.svg: Chromium renders the SVG at 16, 32 and 48 px and
the PNGs go into one ICO file (PNG entries, which every browser since 2007 reads). Run it again after
changing the logo: `.venv/bin/python scripts/make_favicon.py` (needs the test tools: Playwright, Chromium)."""

import shutil
import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48)


def render(svg: str, size: int, page) -> bytes:
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(f'<style>*{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}</style>{svg}')
    return page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})


def ico(images: list[tuple[int, bytes]]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, data = b"", b""
    for size, png in images:
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> None:
    svg = (ROOT / "static/img/logo.svg").read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page()
        images = [(size, render(svg, size, page)) for size in SIZES]
        browser.close()
    (ROOT / "public/favicon.ico").write_bytes(ico(images))


if __name__ == "__main__":
    main()
