"""Uploading files already in the archive: warned at preview (which talk, linked), never a silent success
that drops what was typed; a title or event typed for an existing talk is refused with the reason."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages

from talks.models import Talk, Transcript
from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import EventInfo
from tests.talks.admin_helpers import confirm, preview, srt_text

pytestmark = pytest.mark.both_databases

OLD = srt_text(["Already here once"]).encode()
NEW = srt_text(["Something new to say"]).encode()


@pytest.fixture
def archived(db):
    metadata = ImportMetadata(talk_slug="first-home", title="First home", date=datetime.date(2024, 5, 1),
                              event=EventInfo("Spring Meeting"))
    return import_transcript(data=OLD, filename="old.srt", language="en", metadata=metadata).transcripts[0]


def test_the_preview_says_which_files_are_in_the_archive_and_where_and_does_not_choose_them(staff, archived):
    previewed = preview(staff, {"again.srt": OLD, "fresh.srt": NEW}, title="A second home")
    (again, again_form), (fresh, fresh_form) = previewed.context["rows"]
    assert [(c.talk_title, c.transcript_id, c.language) for c in again.archived] == [("First home", archived.pk, "en")]
    assert fresh.archived == []
    assert (again_form.initial["include"], fresh_form.initial["include"]) == (False, True)
    html = previewed.content.decode()
    block = re.search(r'<div class="archived-note">(.*?)</div>', html, re.S).group(1)
    assert f'href="/admin/talks/transcript/{archived.pk}/change/"' in block
    assert 'href="/talks/first-home/"' in block and "First home" in block
    assert "Importing it again changes nothing" in block


def test_confirming_only_files_already_in_the_archive_is_refused_and_keeps_what_was_typed(staff, archived):
    previewed = preview(staff, {"again.srt": OLD}, title="A second home", speakers="Grace Hopper")
    response = confirm(staff, previewed, {0: {"include": True}}, title="A second home", speakers="Grace Hopper")
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Nothing was imported: every chosen file is already in the archive (see each file below), and a file is kept "
        "once, with the talk it was first imported into. The talk details typed here were not used."]
    assert response.context["talk_form"]["title"].value() == "A second home"
    assert 'value="A second home"' in response.content.decode()
    assert list(Talk.objects.values_list("title", flat=True)) == ["First home"]


def test_new_files_go_to_the_new_talk_and_the_message_says_where_the_others_stay(staff, archived):
    previewed = preview(staff, {"again.srt": OLD, "fresh.srt": NEW}, title="A second home")
    response = confirm(staff, previewed, {0: {"include": True}}, title="A second home")
    new_talk = Talk.objects.get(title="A second home")
    assert response.status_code == 302 and response["Location"] == f"/admin/talks/talk/{new_talk.pk}/change/"
    assert list(new_talk.transcripts.values_list("source_file__filename", flat=True)) == ["fresh.srt"]
    assert Transcript.objects.get(pk=archived.pk).talk.title == "First home"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == ("Imported into “A second home”: fresh.srt → en (1 segments). "
                       "Already in the archive, left where they are: old.srt → First home.")


def test_a_title_event_or_date_typed_for_an_existing_talk_is_refused_with_the_reason(staff, archived):
    talk = archived.talk
    previewed = preview(staff, {"fresh.srt": NEW}, talk=talk.pk)
    response = confirm(staff, previewed, talk=talk.pk, title="Renamed", event="Autumn Meeting", date="2024-06-01")
    assert response.status_code == 200 and Transcript.objects.count() == 1
    errors = response.context["talk_form"].errors
    assert errors["title"] == ["An upload does not rename a talk: “First home” keeps its title. Leave this empty to add "
                               "the files to that talk, or choose no existing talk to create “Renamed”. To rename the "
                               "talk, edit it."]
    assert errors["event"] == ["“First home” is already at “Spring Meeting”; an upload does not change it. Edit the talk "
                               "to change its event."]
    assert errors["date"] == ["“First home” already has the date 2024-05-01; an upload does not change it. Edit the talk "
                              "to change it."]
    same = confirm(staff, previewed, talk=talk.pk, title="First home", event="Spring Meeting", date="2024-05-01")
    assert same.status_code == 302 and talk.transcripts.count() == 2
