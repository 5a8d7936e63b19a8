import html
import io
import re

import pytest
import srt
import webvtt

from talks.exports import cue_text
from talks.models import Transcript

pytestmark = pytest.mark.both_databases


def export_url(transcript, form):
    return f"/talks/{transcript.talk.slug}/transcripts/{transcript.pk}.{form}"


def expected_cues(transcript):
    return [(s.start_ms, s.end_ms, cue_text(s)) for s in transcript.segments.all()]


def unlabelled(text):
    """A cue's text read back: its lines joined, the `Name: ` of a speaker change taken off."""
    return re.sub(r"^(Jason Wei|Hyung Won Chung): ", "", " ".join(text.split("\n")))


def test_srt_and_vtt_of_every_timed_demo_transcript_parse_back_to_the_same_cues(client, demo):
    timed = list(Transcript.objects.filter(timed=True))
    assert len(timed) == 4  # en, de, tr subtitles and the lecture
    for transcript in timed:
        response = client.get(export_url(transcript, "srt"))
        assert response["Content-Type"] == "application/x-subrip; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        parsed = list(srt.parse(response.content.decode("utf-8")))
        assert [(round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000), unlabelled(s.content))
                for s in parsed] == expected_cues(transcript)
        assert max(len(s.content.split("\n")) for s in parsed) <= 2

        response = client.get(export_url(transcript, "vtt"))
        assert response["Content-Type"] == "text/vtt; charset=utf-8"
        captions = webvtt.from_buffer(io.StringIO(response.content.decode("utf-8"))).captions
        assert [(c.start_in_seconds * 1000 + int(c.start[-3:]), c.end_in_seconds * 1000 + int(c.end[-3:]), unlabelled(html.unescape(c.text)))
                for c in captions] == expected_cues(transcript)


def test_vtt_escapes_markup_in_text(client, db):
    from talks.services import import_transcript

    transcript = import_transcript(data=b"1\n00:00:01,000 --> 00:00:02,000\na < b & <script>x</script>\n",
                                   filename="x.srt", title="Esc", language="en").transcripts[0]
    body = client.get(export_url(transcript, "vtt")).content.decode()
    assert "a &lt; b &amp; &lt;script&gt;x&lt;/script&gt;" in body


def test_untimed_transcripts_export_as_text_and_json_only(client, demo):
    transcript = Transcript.objects.get(language="zh-Hans")
    assert client.get(export_url(transcript, "srt")).status_code == 404
    assert client.get(export_url(transcript, "vtt")).status_code == 404
    text = client.get(export_url(transcript, "txt"))
    assert text["Content-Type"] == "text/plain; charset=utf-8" and text.content.decode("utf-8").startswith("我想感谢组织者")
    data = client.get(export_url(transcript, "json")).json()
    assert data["timed"] is False and data["segments"][0]["start_seconds"] is None and len(data["segments"]) == 88


def test_estimated_times_are_marked_in_text_and_json(client, demo):
    transcript = Transcript.objects.get(talk__slug="huang-sutskever-gtc-2023-fireside-chat")
    assert client.get(export_url(transcript, "srt")).status_code == 404
    assert client.get(export_url(transcript, "txt")).content.decode().startswith("[≈00:00:00.000] it I think")
    assert all(s["estimated"] for s in client.get(export_url(transcript, "json")).json()["segments"])


def test_the_original_file_downloads_as_is_never_rendered(client, demo):
    from tests.conftest import SEEDS

    transcript = Transcript.objects.get(language="de")
    response = client.get(f"/talks/{transcript.talk.slug}/transcripts/{transcript.pk}/original")
    assert b"".join(response.streaming_content) == SEEDS["subtitles"].read_bytes()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="sutskever-neurips-2024-subtitles-en-de-tr.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("filename", "disposition"), [
    ("Grüße 你好.srt", "attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe%20%E4%BD%A0%E5%A5%BD.srt"),
    ('say "hi".srt', 'attachment; filename="say \\"hi\\".srt"'),
    ("line\nbreak.srt", 'attachment; filename="line_break.srt"'),
])
def test_the_original_keeps_its_name_as_rfc_6266_allows(client, db, filename, disposition):
    from talks.services.importing import import_transcript

    data = "1\n00:00:01,000 --> 00:00:02,000\nHallo\n".encode()
    transcript = import_transcript(data=data, filename=filename, language="de").transcripts[0]
    response = client.get(f"/talks/{transcript.talk.slug}/transcripts/{transcript.pk}/original")
    assert (response["Content-Disposition"], b"".join(response.streaming_content)) == (disposition, data)
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize("form", ["pdf", "srt.exe", "txt%00"])
def test_unknown_formats_are_not_found(client, demo, form):
    transcript = Transcript.objects.get(language="de")
    assert client.get(f"/talks/{transcript.talk.slug}/transcripts/{transcript.pk}.{form}").status_code == 404


def test_a_transcript_is_only_reachable_under_its_own_talk(client, demo):
    transcript = Transcript.objects.get(language="de")
    assert client.get(f"/talks/wei-chung-stanford-cs25/transcripts/{transcript.pk}.srt").status_code == 404


# Speakers and line breaking, read back by pysubs2 and webvtt-py ----------------------------------------

SPOKEN = """1
00:00:01,000 --> 00:00:02,500
Good evening.

2
00:00:02,500 --> 00:00:06,000
Thank you all for coming out tonight to the lecture hall on such a cold and rainy evening.

3
00:00:06,000 --> 00:00:08,000
[APPLAUSE]

4
00:00:08,000 --> 00:00:09,000
It is a pleasure.

5
00:00:09,000 --> 00:00:12,000
Thanks, Ada.
"""


@pytest.fixture
def spoken(db):
    from talks.services import import_transcript
    from talks.services.metadata import ImportMetadata, SpeakerInfo, SpeakerTurn, TranscriptInfo

    turns = (SpeakerTurn(start_ms=0, speaker="Ada Lovelace"), SpeakerTurn(start_ms=9000, speaker="Grace Hopper & Co."))
    metadata = ImportMetadata(speakers=(SpeakerInfo(name="Ada Lovelace"), SpeakerInfo(name="Grace Hopper & Co.")),
                              transcript=TranscriptInfo(speaker_turns=turns))
    return import_transcript(data=SPOKEN.encode(), filename="spoken.srt", title="Spoken", language="en",
                             metadata=metadata).transcripts[0]


def test_srt_names_the_speaker_at_each_change_and_wraps_to_two_lines(client, spoken):
    import pysubs2

    subs = pysubs2.SSAFile.from_string(client.get(export_url(spoken, "srt")).content.decode())
    assert [(e.start, e.end, e.plaintext) for e in subs] == [
        (1000, 2500, "Ada Lovelace: Good evening."),
        (2500, 6000, "Thank you all for coming out tonight to the\nlecture hall on such a cold and rainy evening."),
        (6000, 8000, "[APPLAUSE]"),
        (8000, 9000, "It is a pleasure."),  # still Ada: no new name
        (9000, 12000, "Grace Hopper & Co.: Thanks, Ada."),
    ]


def test_vtt_gives_every_cue_its_voice(client, spoken):
    body = client.get(export_url(spoken, "vtt")).content.decode()
    captions = webvtt.from_buffer(io.StringIO(body)).captions
    assert [(c.start, c.end, c.voice, c.text) for c in captions] == [
        ("00:00:01.000", "00:00:02.500", "Ada Lovelace", "Good evening."),
        ("00:00:02.500", "00:00:06.000", "Ada Lovelace",
         "Thank you all for coming out tonight to the\nlecture hall on such a cold and rainy evening."),
        ("00:00:06.000", "00:00:08.000", "Ada Lovelace", "[APPLAUSE]"),
        ("00:00:08.000", "00:00:09.000", "Ada Lovelace", "It is a pleasure."),
        ("00:00:09.000", "00:00:12.000", "Grace Hopper &amp; Co.", "Thanks, Ada."),
    ]
    assert "<v Grace Hopper &amp; Co.>Thanks, Ada." in body


def test_text_names_the_speaker_at_each_change_without_wrapping(client, spoken):
    assert client.get(export_url(spoken, "txt")).content.decode().splitlines() == [
        "[00:00:01.000] Ada Lovelace: Good evening.",
        "[00:00:02.500] Thank you all for coming out tonight to the lecture hall on such a cold and rainy evening.",
        "[00:00:06.000] [APPLAUSE]",
        "[00:00:08.000] It is a pleasure.",
        "[00:00:09.000] Grace Hopper & Co.: Thanks, Ada.",
    ]


def test_the_demo_lecture_names_its_second_speaker_where_he_starts(client, demo):
    import pysubs2

    lecture = Transcript.objects.get(talk__slug="wei-chung-stanford-cs25")
    subs = pysubs2.SSAFile.from_string(client.get(export_url(lecture, "srt")).content.decode())
    named = [(e.start, e.plaintext.split(":")[0]) for e in subs if re.match(r"^(Jason Wei|Hyung Won Chung): ", e.plaintext)]
    assert named == [(subs[0].start, "Jason Wei"), (named[1][0], "Hyung Won Chung")] and 1825000 <= named[1][0] < 1827000
    assert max(len(line) for e in subs for line in e.plaintext.split("\n")) <= 42 + len("Hyung Won Chung: ")
