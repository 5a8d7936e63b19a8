import io
import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class EvalFriendlyBrowser:
    """The browser, whose new contexts bypass the site's CSP unless told otherwise: Playwright's
    wait_for_function(string) evaluates with eval(), which the policy forbids. The policy itself is
    checked in test_csp_in_browser.py with contexts made with bypass_csp=False."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright; scripts/test.sh installs it."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed: run scripts/install-browser.sh (make test does).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API parks an event loop in this thread, and Django then refuses ORM calls
    # made here (fixtures, database setup). They are plain synchronous calls in one thread: safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield EvalFriendlyBrowser(browser)
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


@pytest.fixture
def open_page(chromium):
    """Pages in any variant (viewport, colour scheme, interface language); their contexts closed afterwards."""
    contexts = []

    def open_(viewport=DESKTOP, scheme="light", language="en"):
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, locale=language,
                                       extra_http_headers={"Accept-Language": language})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded 2-core machine: imports that index Chinese take seconds
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """The demo archive served by a live server; its base URL."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


EDITOR, EDITOR_PASSWORD = "editor", "a-long-test-password"


def create_editor(user_model):
    return user_model.objects.create_superuser(EDITOR, "editor@example.org", EDITOR_PASSWORD)


def log_in_as_editor(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
