"""Uploading through the admin in headless Chromium: log in, choose files, preview, confirm, search."""

import codecs

import pytest


from tests.talks.admin_helpers import srt_text, zipped

from tests.browser.conftest import create_editor, log_in_as_editor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_page(live_server, page, django_user_model):
    create_editor(django_user_model)
    log_in_as_editor(page, live_server.url)
    return page


def test_upload_preview_confirm_and_search(live_server, admin_page, tmp_path):
    page = admin_page
    files = {
        "chinese.srt": srt_text(["我们训练了一个很大的神经网络"]).encode("gb18030"),
        "german.vtt": codecs.BOM_UTF16_LE + "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDie Organisatoren danken allen.\n".encode("utf-16-le"),
        "more.zip": zipped({"a.srt": srt_text(["Holography explained simply"]).encode(), "b.srt": os_junk()}),
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    page.goto(live_server.url + "/admin/talks/talk/")
    page.click("text=Upload transcripts")
    page.fill("#id_title", "Browser upload")
    page.set_input_files("#id_files", paths)
    page.click("input[value=Preview]")
    page.wait_for_selector("fieldset.upload-file")
    assert page.locator("fieldset.upload-file").count() == 4
    chinese = page.locator("fieldset[data-file='chinese.srt']")
    assert "gb18030" in chinese.inner_text() and chinese.locator(".languages").inner_text() == "zh-Hans"
    refused = page.locator("fieldset.refused")
    assert refused.count() == 1 and "more.zip/b.srt" in refused.inner_text()
    assert not refused.locator("input[type=checkbox]").is_checked()
    page.click("input[value='Import the chosen files']")
    page.wait_for_selector(".messagelist .success")
    assert "chinese.srt → zh-Hans (1 segments)" in page.inner_text(".messagelist")
    page.goto(live_server.url + "/search/?q=Holography")
    assert page.locator(".talk-result h2").inner_text() == "Browser upload"
    page.goto(live_server.url + "/search/?q=训练")
    assert page.locator(".hit mark").first.inner_text() == "训练"


def os_junk() -> bytes:
    return bytes(range(256)) * 20


def test_a_large_upload_is_handed_to_the_worker_and_listed_with_its_progress(live_server, admin_page, settings, tmp_path):
    settings.UPLOAD_INLINE_MAX_BYTES = 10
    page = admin_page
    paths = []
    for name, line in (("one.srt", "Entropy measures surprise"), ("two.srt", "Attention weighs every word")):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(srt_text([line]).encode())
    page.goto(live_server.url + "/admin/talks/talk/upload/")
    page.fill("#id_title", "Queued upload")
    page.set_input_files("#id_files", [str(p) for p in paths])
    page.click("input[value=Preview]")
    page.wait_for_selector("fieldset.upload-file")
    page.click("input[value='Import the chosen files']")
    page.wait_for_selector(".messagelist .success")
    assert page.url == live_server.url + "/admin/django_tasks_database/dbtaskresult/"
    assert "2 file(s) are being imported in the background" in page.inner_text(".messagelist")
    row = page.locator("#result_list tbody tr").first
    assert "queued" in row.inner_text() and "0 of 2 files imported" in row.inner_text()
