"""The database itself refuses rows that break the model's rules, on SQLite and PostgreSQL alike, and a refused
row leaves the transaction usable and nothing behind."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from talks.models import Recording, Segment, SourceFile, Speaker, Talk, TalkSpeaker, Transcript

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def transcript():
    talk = Talk.objects.create(title="Talk", slug="talk")
    source = SourceFile.objects.create(filename="t.srt", content=b"x", sha256="a" * 64, size=1)
    return Transcript.objects.create(talk=talk, language="en", timed=True, source_file=source,
                                     source_format="srt", source_encoding="utf-8")


def refused(make) -> None:
    """make() raises the database's IntegrityError; inside a savepoint, so the test's transaction goes on."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize(
    "times",
    [{"start_ms": 1000, "end_ms": None}, {"start_ms": None, "end_ms": 1000}, {"start_ms": 2000, "end_ms": 1000}],
    ids=["start-only", "end-only", "ends-before-start"],
)
def test_segment_times_are_both_or_neither_and_in_order(transcript, times):
    refused(lambda: Segment.objects.create(transcript=transcript, position=0, text="x", **times))
    assert Segment.objects.count() == 0


def test_two_segments_cannot_share_a_position(transcript):
    Segment.objects.create(transcript=transcript, position=0, start_ms=0, end_ms=10, text="first")
    refused(lambda: Segment.objects.create(transcript=transcript, position=0, start_ms=20, end_ms=30, text="second"))
    assert list(Segment.objects.values_list("text", flat=True)) == ["first"]


def test_a_file_is_stored_once_and_a_section_belongs_to_one_transcript(transcript):
    refused(lambda: SourceFile.objects.create(filename="again.srt", content=b"y", sha256="a" * 64, size=1))
    refused(lambda: Transcript.objects.create(talk=transcript.talk, language="de", timed=True,
                                              source_file=transcript.source_file, source_format="srt",
                                              source_encoding="utf-8"))
    assert (SourceFile.objects.count(), Transcript.objects.count()) == (1, 1)


def test_slugs_are_unique_and_compared_exactly(transcript):
    refused(lambda: Talk.objects.create(title="Other", slug="talk"))
    Talk.objects.create(title="Other", slug="Talk")  # a different slug on both databases: comparison is exact
    Speaker.objects.create(name="Ada", slug="ada")
    refused(lambda: Speaker.objects.create(name="Ada Again", slug="ada"))
    assert sorted(Talk.objects.values_list("slug", flat=True)) == ["Talk", "talk"]


def test_a_speaker_is_named_once_per_talk(transcript):
    speaker = Speaker.objects.create(name="Ada", slug="ada")
    TalkSpeaker.objects.create(talk=transcript.talk, speaker=speaker, order=0)
    refused(lambda: TalkSpeaker.objects.create(talk=transcript.talk, speaker=speaker, order=1))
    assert TalkSpeaker.objects.count() == 1


def test_a_recording_is_listed_once_and_parts_count_from_one(transcript):
    url = "https://www.bilibili.com/video/BV1xx411c7mD"
    Recording.objects.create(talk=transcript.talk, platform="bilibili", url=url, part=1)
    refused(lambda: Recording.objects.create(talk=transcript.talk, platform="bilibili", url=url, part=1))
    refused(lambda: Recording.objects.create(talk=transcript.talk, platform="bilibili", url=url, part=0))
    assert list(Recording.objects.values_list("part", flat=True)) == [1]


def test_a_speaker_in_a_talk_cannot_be_deleted_from_under_it(transcript):
    speaker = Speaker.objects.create(name="Ada", slug="ada")
    TalkSpeaker.objects.create(talk=transcript.talk, speaker=speaker)
    with pytest.raises(ProtectedError), transaction.atomic():
        speaker.delete()
    assert Speaker.objects.filter(pk=speaker.pk).exists()
