"""import_transcript(): all or nothing, idempotent, and faithful to the file and its metadata."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talks.models import Event, Recording, Segment, SourceFile, Speaker, Talk, Transcript
from talks.parsing import TranscriptParseError
from talks.services import ImportMetadata, ImportRefused, import_transcript
from talks.services.metadata import RecordingInfo, SpeakerInfo, SpeakerTurn, TranscriptInfo
from talks.signals import transcripts_changed

pytestmark = pytest.mark.both_databases

SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"
MODELS = [Talk, Speaker, Event, Recording, Transcript, Segment, SourceFile]


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_import_creates_talk_transcript_and_segments():
    result = import_transcript(data=SRT, filename="kenobi.srt", title="Hello There", language="en")
    assert result.created
    assert (result.talk.slug, result.talk.title) == ("hello-there", "Hello There")
    transcript = result.transcripts[0]
    assert (transcript.language, transcript.kind, transcript.timed, transcript.source_format) == ("en", "subtitles", True, "srt")
    assert list(transcript.segments.values_list("position", "start_ms", "end_ms", "text")) == [
        (0, 1000, 2000, "Hello there"),
        (1, 3000, 4000, "General Kenobi"),
    ]
    assert bytes(transcript.source_file.content) == SRT  # the original, byte for byte


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    first = import_transcript(data=SRT, filename="kenobi.srt", language="en")
    before = snapshot()
    again = import_transcript(data=SRT, filename="renamed.srt", language="de", talk_slug="other")
    assert not again.created and again.talk == first.talk
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:09,000 --> 00:00:03,000\nB\n", "bad.srt:6: cue ends"),
        (b"\x00\x01\x02\x03" * 100, "bad.srt:1: holds binary data"),
        (b"", "bad.srt: the file is empty"),
    ],
)
def test_a_bad_file_changes_nothing(data, message):
    import_transcript(data=SRT, filename="good.srt", language="en")
    before = snapshot()
    with pytest.raises(TranscriptParseError) as raised:
        import_transcript(data=data, filename="bad.srt", talk_slug="hello-there", language="en")
    assert str(raised.value).startswith(message)
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_writing_rolls_back_everything(monkeypatch):
    """Even when parsing succeeds and the database write fails halfway, nothing is left behind."""
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Segment.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_transcript(data=SRT, filename="kenobi.srt", language="en", recording_url="https://youtu.be/f96Xrg4uNik")
    assert snapshot() == before


@pytest.mark.django_db
def test_language_is_detected_when_not_given():
    result = import_transcript(data="1\n00:00:01,000 --> 00:00:02,000\n我想感谢组织者选择这篇论文获奖\n".encode(), filename="zh.srt")
    assert result.transcripts[0].language == "zh-Hans"


@pytest.mark.django_db
def test_one_language_cannot_name_a_multilingual_file(seed_bytes):
    with pytest.raises(ImportRefused, match="holds 3 transcripts \\(en, de, tr\\)"):
        import_transcript(data=seed_bytes("subtitles"), filename="subs.txt", language="en")


@pytest.mark.django_db
def test_an_invalid_language_tag_is_refused():
    with pytest.raises(ImportRefused, match="'klingon' is not a BCP 47"):
        import_transcript(data=SRT, filename="kenobi.srt", language="klingon")
    assert Talk.objects.count() == 0


@pytest.mark.django_db
def test_untimed_text_gets_estimated_times_from_the_recording_length(seed_bytes):
    result = import_transcript(data=seed_bytes("youtube_page"), filename="page.txt")
    transcript = result.transcripts[0]
    assert transcript.recording.platform_id == "f96Xrg4uNik" and transcript.recording.duration_seconds == 1069
    times = list(transcript.segments.values_list("start_ms", "end_ms", "estimated"))
    assert all(estimated for _, _, estimated in times)
    assert times[0][0] == 0 and times[-1][1] == 1069 * 1000
    assert all(a[1] == b[0] for a, b in zip(times, times[1:]))


@pytest.mark.django_db
def test_untimed_text_without_a_known_length_stays_untimed(seed_bytes):
    transcript = import_transcript(data=seed_bytes("bilibili_zh"), filename="zh.txt").transcripts[0]
    assert transcript.recording.platform == "bilibili" and transcript.recording.duration_seconds is None
    assert not transcript.segments.filter(start_ms__isnull=False).exists()


@pytest.mark.django_db
def test_metadata_fills_talk_speakers_event_recordings_and_speaker_turns(seed_bytes):
    metadata = ImportMetadata(
        talk_slug="lecture",
        title="A lecture",
        speakers=(SpeakerInfo("Jason Wei"), SpeakerInfo("Hyung Won Chung", other_names=("Hyungwon",))),
        recordings=(RecordingInfo("https://www.youtube.com/watch?v=f96Xrg4uNik", 4700),),
        transcript=TranscriptInfo(
            language="en",
            recording="https://youtu.be/f96Xrg4uNik",
            speaker_turns=(SpeakerTurn(0, "Jason Wei"), SpeakerTurn(1825000, "Hyungwon")),
        ),
    )
    result = import_transcript(data=seed_bytes("whisper"), filename="lecture.txt", metadata=metadata)
    transcript = result.transcripts[0]
    assert [s.name for s in result.talk.ordered_speakers()] == ["Jason Wei", "Hyung Won Chung"]
    assert transcript.recording.duration_seconds == 4700 and transcript.kind == "asr"
    last_jason = transcript.segments.filter(speaker__name="Jason Wei").order_by("-position").first()
    first_hyung = transcript.segments.filter(speaker__name="Hyung Won Chung").order_by("position").first()
    assert last_jason.start_ms < 1825000 <= first_hyung.start_ms == 1825340
    assert first_hyung.text.startswith("All right, so thanks, Jason")


@pytest.mark.django_db
def test_a_talk_is_never_overwritten_only_filled():
    talk = Talk.objects.create(slug="kept", title="Kept title", summary="Kept summary")
    import_transcript(data=SRT, filename="x.srt", talk_slug="kept", title="New", language="en",
                      metadata=ImportMetadata(summary="New summary", title="Other"))
    talk.refresh_from_db()
    assert (talk.title, talk.summary) == ("Kept title", "Kept summary")


@pytest.mark.django_db
def test_an_unsafe_recording_url_is_refused():
    with pytest.raises(ImportRefused, match="javascript:alert"):
        import_transcript(data=SRT, filename="x.srt", language="en", recording_url="javascript:alert(1)")
    assert Talk.objects.count() == 0


@pytest.mark.django_db
def test_an_oversize_file_is_refused_before_parsing(settings):
    settings.TRANSCRIPT_MAX_BYTES = 50
    with pytest.raises(ImportRefused, match=f"x.srt: the file is {len(SRT)} bytes; the limit is 50"):
        import_transcript(data=SRT, filename="x.srt", language="en")


@pytest.mark.django_db
def test_segments_are_written_in_bulk():
    with CaptureQueriesContext(connection) as queries:
        import_transcript(data=("\n".join(f"[00:00:{i % 60:02d}.000 --> 00:00:{i % 60:02d}.500]   cue {i}" for i in range(600))).encode(),
                          filename="w.txt", language="en")
    # SQLite caps the variables per statement, so 600 rows take a handful of statements, not 600.
    assert sum("INSERT INTO \"talks_segment\"" in q["sql"] for q in queries.captured_queries) <= 6


@pytest.mark.django_db(transaction=True)
def test_the_domain_signal_is_sent_once_after_commit_and_not_after_rollback():
    received = []

    def listener(sender, changed, deleted, **kwargs):
        received.append((sorted(changed), deleted, Transcript.objects.filter(pk__in=changed).count()))

    transcripts_changed.connect(listener)
    try:
        result = import_transcript(data=SRT, filename="x.srt", language="en")
        with pytest.raises(TranscriptParseError):
            import_transcript(data=b"1\n00:00:05,000 --> 00:00:01,000\nx\n", filename="bad.srt", language="en")
    finally:
        transcripts_changed.disconnect(listener)
    # Sent once, for the committed import only, when its rows were already visible.
    assert received == [([result.transcripts[0].pk], [], 1)]
