"""Under the Content-Security-Policy, in Chromium: the admin's own scripts still work (date shortcuts,
inline rows, the upload page) and no page reports a violation."""

import pytest

from tests.browser.conftest import create_editor, log_in_as_editor


pytestmark = pytest.mark.django_db(transaction=True)

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline")));
"""


@pytest.fixture
def watched_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=False)  # the policy applies
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(COLLECT_VIOLATIONS)
    yield page
    context.close()


def violations(page):
    return page.evaluate("window.__violations")


def test_admin_pages_work_under_the_policy(live_server, watched_page, django_user_model):
    page = watched_page
    create_editor(django_user_model)
    log_in_as_editor(page, live_server.url)
    seen = {"login and index": violations(page)}

    page.goto(live_server.url + "/admin/talks/talk/add/")
    page.click("#id_date + .datetimeshortcuts a")  # "Today", added by the admin's DateTimeShortcuts.js
    assert page.input_value("#id_date") != ""
    rows = page.locator(".dynamic-recordings").count()
    page.click(".inline-group:has(.dynamic-recordings) .add-row a, #recordings-group .add-row a")
    assert page.locator(".dynamic-recordings").count() == rows + 1  # inlines.js added a row
    seen["talk form"] = violations(page)

    page.goto(live_server.url + "/admin/talks/talk/")
    page.click("text=Upload transcripts")
    page.wait_for_selector("#id_files")
    seen["upload page"] = violations(page)

    for path in ("/", "/talks/"):
        page.goto(live_server.url + path)
        seen[path] = violations(page)
    assert seen == {name: [] for name in seen}
