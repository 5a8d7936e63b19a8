"""Staged uploads live in the database between preview and confirm, for their owner, for a day."""

import datetime

import pytest
from django.utils import timezone

from talks.models import StagedFile, Talk
from tests.talks.admin_helpers import confirm, preview, srt_text

pytestmark = pytest.mark.both_databases


def test_a_preview_is_staged_in_the_database_and_confirmed_from_there(staff, settings, tmp_path):
    settings.ARCHIVE_DATA_DIR = tmp_path / "server-a"
    previewed = preview(staff, {"a.srt": srt_text(["staged words"]).encode()}, title="Staged")
    token = previewed.context["token"]
    assert list(StagedFile.objects.values_list("token", "position", "name")) == [(token, 0, "a.srt")]
    assert bytes(StagedFile.objects.get().content) == srt_text(["staged words"]).encode()
    assert not (tmp_path / "server-a").exists()  # nothing on this server's disk
    settings.ARCHIVE_DATA_DIR = tmp_path / "server-b"  # confirmed "elsewhere"
    assert confirm(staff, previewed, title="Staged").status_code == 302
    assert Talk.objects.get().title == "Staged"
    kept = StagedFile.objects.get()  # emptied, kept for the day as the record of where the file went
    assert (bytes(kept.content), kept.talk, kept.imported_at is not None) == (b"", Talk.objects.get(), True)


def test_another_user_cannot_confirm_someone_elses_preview(staff, client, django_user_model):
    previewed = preview(staff, {"a.srt": srt_text(["private words"]).encode()}, title="Mine")
    other = django_user_model.objects.create_superuser("other", password="pw-long-enough-2")
    client.force_login(other)
    done = confirm(client, previewed, title="Mine")
    assert done.status_code == 200 and any("upload them again" in e for e in done.context["errors"])
    assert not Talk.objects.exists() and StagedFile.objects.count() == 1


def test_abandoned_staging_older_than_a_day_is_removed_by_the_next_upload(staff):
    first = preview(staff, {"old.srt": srt_text(["old"]).encode()}, title="Old")
    StagedFile.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    second = preview(staff, {"new.srt": srt_text(["new"]).encode()}, title="New")
    assert list(StagedFile.objects.values_list("token", flat=True)) == [second.context["token"]]
    done = confirm(staff, first, title="Old")
    assert any("upload them again" in e for e in done.context["errors"])
