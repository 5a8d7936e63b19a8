"""The background jobs list in Chromium at 1280 and 390 px, English and Chinese, light and dark: the
table stays inside its column (every column in view or scrollable within it, never under the filters),
an interrupted upload reads "interrupted — resuming", and axe-core finds nothing serious."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talks.models import StagedFile, UploadJob
from talks.services import ImportMetadata, confirming
from talks.tasks import import_upload_later
from tests.browser.conftest import create_editor, log_in_as_editor
from tests.talks.admin_helpers import srt_text

pytestmark = pytest.mark.django_db(transaction=True)

JOBS = "/admin/django_tasks_database/dbtaskresult/"
SHOTS = "/work/notes/shots/jobs"
SERIOUS = {"serious", "critical"}
INTERRUPTED = {"en": "interrupted — resuming", "zh-CN": "已中断 — 正在恢复"}


def some_jobs(editor) -> None:
    for position in range(3):
        StagedFile.objects.create(token="b" * 32, position=position, name=f"a-rather-long-file-name-{position}.srt",
                                  content=srt_text([f"line {position}"]).encode(), owner=editor)
    job_id = import_upload_later(token="b" * 32, owner_id=editor.pk, choices=[confirming.FileChoice(language="en")] * 3,
                                 talk_slug="", metadata=ImportMetadata(title="Lamps"))
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=job_id).update(status="RUNNING", started_at=long_ago, worker_ids=["gone"])
    UploadJob.objects.filter(pk=job_id).update(heartbeat_at=long_ago)
    now = timezone.now()
    common = {"backend_name": "default", "args_kwargs": {"args": [], "kwargs": {}}, "run_after": now,
              "started_at": now, "finished_at": now}
    DBTaskResult.objects.create(task_path="search.tasks.index_later", status="SUCCESSFUL",
                                return_value={"changed": 12, "deleted": 3}, **common)
    DBTaskResult.objects.create(task_path="search.tasks.upkeep", status="SUCCESSFUL", return_value={
        "debris": ["gen-1", "gen-2"], "staged_files_removed": 4, "results_pruned": 30, "rebuilt": True,
        "transcripts": 118, "removed": 2, "jobs_resumed": 1}, **common)
    DBTaskResult.objects.create(task_path="search.tasks.index_later", status="FAILED", exception_class_path="x.Y",
                                traceback="Traceback...\nsearch.tasks.IndexWriteFailed: attempt 3: the index could not "
                                          "be written within 30 s (locked by another writer); retrying", **common)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_jobs_list_fits_its_column_in_both_languages_and_schemes(live_server, chromium, django_user_model, width):
    some_jobs(create_editor(django_user_model))
    axe = Axe()
    for language, scheme in (("en", "light"), ("zh-CN", "dark"), ("en", "dark"), ("zh-CN", "light")):
        context = chromium.new_context(viewport={"width": width, "height": 844 if width < 500 else 800},
                                       color_scheme=scheme, locale=language, extra_http_headers={"Accept-Language": language})
        page = context.new_page()
        log_in_as_editor(page, live_server.url)
        page.goto(live_server.url + JOBS)
        page.screenshot(path=f"{SHOTS}/jobs-{width}-{language}-{scheme}.png", full_page=True)
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == 4  # the upkeep that did something; no queued upkeep
        assert INTERRUPTED[language] in rows.last.inner_text()  # the oldest
        table = page.locator("#result_list").bounding_box()
        holder = page.locator("#changelist .results").bounding_box()
        assert holder["x"] >= 0 and holder["x"] + holder["width"] <= width  # the scroller itself is in the window
        filters = page.locator("#changelist-filter").bounding_box()
        side_by_side = filters["y"] < holder["y"] + holder["height"] and filters["y"] + filters["height"] > holder["y"]
        if side_by_side:  # the filters beside the table never cover it
            assert holder["x"] + holder["width"] <= filters["x"] or filters["x"] + filters["width"] <= holder["x"]
        if width >= 1280:  # at desktop width every column, "Started at" included, is in view without scrolling
            assert table["width"] <= holder["width"] + 1
            started = page.locator("#result_list thead th.column-started").bounding_box()
            assert started["x"] + started["width"] <= holder["x"] + holder["width"] + 1
        violations = axe.run(page).response["violations"]
        serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in SERIOUS]
        assert serious == [], (language, scheme)
        context.close()
