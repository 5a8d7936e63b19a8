"""The site's directories, about page and footer, and the admin's width, Chinese and re-upload warning, in
headless Chromium: 1280×800 and 390×844, light and dark, English and Chinese; axe-core finds nothing serious."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE, create_editor, log_in_as_editor
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db(transaction=True)
SERIOUS = {"serious", "critical"}
VARIANTS = [(viewport, scheme, language) for viewport in (DESKTOP, PHONE) for scheme in ("light", "dark")
            for language in ("en", "zh-CN")]
ADMIN_MODELS = ["auth/group", "auth/user", "axes/accessattempt", "axes/accesslog", "axes/accessfailurelog",
                "django_tasks_database/dbtaskresult", "talks/speaker", "talks/event", "talks/talk", "talks/recording",
                "talks/segment", "talks/sourcefile", "talks/transcript"]


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_directories_and_about_in_every_variant(site, open_page):
    axe, found = Axe(), {}
    for viewport, scheme, language in VARIANTS:
        page = open_page(viewport, scheme, language)
        for path, heading in (("/speakers/", ("Speakers", "演讲者")), ("/events/", ("Events", "活动")),
                              ("/about/", ("About the archive", "关于本档案"))):
            page.goto(site + path)
            assert page.inner_text("h1") == heading[language != "en"]
            assert overflow(page) == 0, (path, viewport)
            assert page.locator("main li a, main p").first.bounding_box()["y"] < viewport["height"]  # content in view
            serious = [v["id"] for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
            if serious:
                found[f"{path} {viewport['width']} {scheme} {language}"] = serious
    assert found == {}


def test_the_directories_list_the_demo_alphabetically_and_lead_to_each_page(site, open_page):
    page = open_page()
    page.goto(site + "/")
    page.click(".site-nav >> text=Speakers")
    assert page.locator(".directory li > a").all_inner_texts() == [
        "Hyung Won Chung", "Ilya Sutskever", "Jason Wei", "Jensen Huang"]
    assert page.locator(".directory li").nth(1).locator(".directory__count").inner_text() == "2 talks"
    page.click("text=Ilya Sutskever")
    assert page.url == site + "/speakers/ilya-sutskever/"
    page.click(".site-footer >> text=Events")
    assert page.locator(".directory li > a").all_inner_texts() == [
        "NeurIPS 2024", "NVIDIA GTC 2023", "Stanford CS25: Transformers United V4"]
    page.click(".brand")
    assert page.url == site + "/"
    response = page.goto(site + "/favicon.ico")
    assert (response.status, response.headers["content-type"]) == (200, "image/x-icon")


def test_no_admin_page_is_wider_than_the_window(site, open_page, django_user_model):
    create_editor(django_user_model)
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport)
        log_in_as_editor(page, site)
        paths = ["/admin/", "/admin/talks/talk/upload/"]
        for model in ADMIN_MODELS:
            page.goto(f"{site}/admin/{model}/")
            paths += [f"/admin/{model}/", *[a.get_attribute("href") for a in page.locator("#result_list tbody th a").all()[:3]]]
        too_wide = {}
        for path in paths:
            page.goto(site + path)
            if overflow(page) > 0:
                too_wide[path] = overflow(page)
        assert too_wide == {}, viewport
        assert len(paths) > 2 * len(ADMIN_MODELS)  # change pages were reached, the talks' own among them


def test_the_admin_in_chinese_names_every_app_and_model(site, open_page, django_user_model):
    create_editor(django_user_model)
    page = open_page(language="zh-CN")
    log_in_as_editor(page, site)
    assert page.inner_text("#site-name") == "演讲档案管理"
    captions = page.locator("#content-main caption").all_inner_texts()
    assert sorted(c.strip().lower() for c in captions) == sorted(["登录保护", "演讲与文字稿", "后台任务", "认证和授权"])
    assert page.locator("#content-main caption:has-text('登录保护') ~ tbody th").all_inner_texts() == ["访问失败", "访问尝试", "访问日志"]
    page.goto(site + "/admin/auth/group/add/")
    assert page.inner_text("#id_permissions_add_all") == "选择全部权限"


def test_a_file_already_in_the_archive_is_named_with_its_talk_before_confirming(site, open_page, django_user_model):
    create_editor(django_user_model)
    page = open_page()
    log_in_as_editor(page, site)
    page.goto(site + "/admin/talks/talk/upload/")
    page.fill("#id_title", "The same talk again")
    page.set_input_files("#id_files", [str(SEEDS["whisper"])])
    page.click("input[value=Preview]")
    note = page.locator(f"fieldset[data-file='{SEEDS['whisper'].name}'] .archived-note")
    assert "Already in the archive: the English transcript of Stanford CS25:" in note.inner_text()
    assert not page.locator(f"fieldset[data-file='{SEEDS['whisper'].name}'] input[type=checkbox]").is_checked()
    note.locator("a").nth(1).click()
    assert page.url == site + "/talks/wei-chung-stanford-cs25/"
