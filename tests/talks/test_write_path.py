"""One path for every write: the two domain signals, one store of segments, admin saves through services."""

import pytest
from django.db import transaction

from talks.models import Segment, Speaker, Talk, Transcript
from talks.services import ImportMetadata, editing, import_transcript
from talks.services.changes import announce
from talks.services.metadata import SpeakerInfo, SpeakerTurn, TranscriptInfo
from talks.signals import transcripts_changed, transcripts_written

pytestmark = pytest.mark.both_databases

SRT = "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\ncue {i}\n\n" for i in range(4)).encode()


@pytest.fixture
def heard():
    received = {"written": [], "changed": []}

    def on_written(sender, changed, deleted, **kwargs):
        received["written"].append((changed, deleted, transaction.get_connection().in_atomic_block))

    def on_changed(sender, changed, deleted, **kwargs):
        received["changed"].append((changed, deleted))

    transcripts_written.connect(on_written, dispatch_uid="test-written")
    transcripts_changed.connect(on_changed, dispatch_uid="test-changed")
    yield received
    transcripts_written.disconnect(dispatch_uid="test-written")
    transcripts_changed.disconnect(dispatch_uid="test-changed")


@pytest.mark.django_db(transaction=True)
def test_written_is_sent_inside_the_transaction_and_changed_once_after_commit(heard):
    with transaction.atomic():
        announce(changed=[1, 2])
        announce(changed=[3], deleted=[2])
        assert heard["written"] == [([1, 2], [], True), ([3], [2], True)]
        assert heard["changed"] == []
    assert heard["changed"] == [([1, 3], [2])]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_takes_its_ids_with_it_and_a_rolled_back_transaction_sends_nothing(heard):
    with transaction.atomic():
        announce(changed=[1])
        try:
            with transaction.atomic():
                announce(changed=[2])
                raise ValueError
        except ValueError:
            pass
    assert heard["changed"] == [([1], [])]
    try:
        with transaction.atomic():
            announce(deleted=[7])
            raise ValueError
    except ValueError:
        pass
    announce(changed=[8])  # autocommit: sent at once, without the rolled-back 7
    assert heard["changed"] == [([1], []), ([8], [])]


@pytest.mark.django_db(transaction=True)
def test_reparse_keeps_who_spoke_when_by_the_speaker_turns(heard):
    metadata = ImportMetadata(
        speakers=(SpeakerInfo(name="Ada"), SpeakerInfo(name="Alan")),
        transcript=TranscriptInfo(speaker_turns=(SpeakerTurn(0, "Ada"), SpeakerTurn(2000, "Alan"))),
    )
    transcript = import_transcript(data=SRT, filename="t.srt", language="en", metadata=metadata).transcripts[0]
    speakers = lambda: list(transcript.segments.values_list("position", "speaker__name"))  # noqa: E731
    assert speakers() == [(0, "Ada"), (1, "Ada"), (2, "Alan"), (3, "Alan")]
    # An older parser had dropped cue 1: positions then shifted. Re-parsing brings the cue back,
    # and speakers follow the times (by position, cue 1 would have gone to Alan).
    transcript.segments.filter(position=1).delete()
    for position in (2, 3):
        Segment.objects.filter(transcript=transcript, position=position).update(position=position - 1)
    assert speakers() == [(0, "Ada"), (1, "Alan"), (2, "Alan")]
    assert editing.reparse_transcript(transcript=transcript) == 4
    assert speakers() == [(0, "Ada"), (1, "Ada"), (2, "Alan"), (3, "Alan")]
    assert heard["changed"][-1] == ([transcript.pk], [])


@pytest.mark.django_db(transaction=True)
def test_an_admin_talk_save_with_inlines_announces_once(heard, admin_client):
    transcript = import_transcript(data=SRT, filename="t.srt", language="en", title="Old").transcripts[0]
    talk = transcript.talk
    heard["changed"].clear()
    speaker = Speaker.objects.create(name="Grace", slug="grace")
    data = {
        "title": "New title", "slug": talk.slug, "summary": "", "date": "", "event": "",
        "talk_speakers-TOTAL_FORMS": 1, "talk_speakers-INITIAL_FORMS": 0, "talk_speakers-MIN_NUM_FORMS": 0,
        "talk_speakers-MAX_NUM_FORMS": 1000, "talk_speakers-0-speaker": speaker.pk, "talk_speakers-0-order": 0,
        "recordings-TOTAL_FORMS": 0, "recordings-INITIAL_FORMS": 0, "recordings-MIN_NUM_FORMS": 0, "recordings-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(f"/admin/talks/talk/{talk.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert Talk.objects.get().title == "New title" and list(Talk.objects.get().speakers.all()) == [speaker]
    assert heard["changed"] == [([transcript.pk], [])]
    admin_client.post("/admin/talks/talk/", {"action": "delete_selected", "_selected_action": [talk.pk], "post": "yes"})
    assert not Transcript.objects.exists() and heard["changed"][-1] == ([], [transcript.pk])
