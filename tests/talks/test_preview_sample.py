"""A preview of a long subtitle file reads a bounded sample (its head and tail), yet shows the right
format, encoding, language, cue count and first and last cues, and says it is from a sample; a file over
the cue limit (TRANSCRIPT_MAX_CUES) is refused at preview and at import, naming the file and the limit."""

import pytest
from django.utils import translation

from talks.models import StagedFile, Transcript
from talks.parsing import parse_transcript, sampling
from talks.parsing.timecodes import format_ms
from talks.services import ImportRefused, import_transcript
from talks.services.previewing import preview

CUES = 12_000  # about 700,000 characters: sampled (SAMPLE_CHARS is 50,000 from each end)

pytestmark = pytest.mark.django_db  # a preview looks up whether the file is in the archive already


def stamp(ms: int, separator: str) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{separator}{ms % 1000:03d}"


def vtt(count: int) -> str:
    return "WEBVTT\n\n" + "".join(f"{stamp(i * 1000, '.')} --> {stamp(i * 1000 + 900, '.')}\n"
                                  f"Cue number {i} says the lighthouse keeper trims the lamp.\n\n" for i in range(count))


def srt(count: int) -> str:
    return "".join(f"{i + 1}\n{stamp(i * 1000, ',')} --> {stamp(i * 1000 + 900, ',')}\n"
                   f"Cue number {i} says the lighthouse keeper trims the lamp.\n\n" for i in range(count))


@pytest.fixture
def parsed_sizes(monkeypatch):
    """The size of every text the sampler hands to the parser."""
    sizes = []

    def spy(data, **kwargs):
        sizes.append(len(data))
        return parse_transcript(data, **kwargs)

    monkeypatch.setattr(sampling, "parse_transcript", spy)
    return sizes


@pytest.mark.parametrize(("maker", "fmt", "encoding"), [(vtt, "vtt", "utf-8"), (srt, "srt", "utf-16-le")])
def test_a_long_file_is_previewed_from_a_sample_with_the_whole_files_facts(maker, fmt, encoding, parsed_sizes):
    data = maker(CUES).encode(encoding)
    shown = preview(staged_file=StagedFile(name=f"long.{fmt}", content=data))
    whole = parse_transcript(data, filename=f"long.{fmt}").transcripts[0].cues
    assert (shown.error, shown.format, shown.encoding, shown.languages, shown.timed) == ("", fmt, encoding, ["en"], True)
    assert shown.segment_count == len(whole) == CUES
    assert shown.first_cues == [(format_ms(c.start_ms), c.text) for c in whole[:3]]
    assert shown.last_cues == [(format_ms(c.start_ms), c.text) for c in whole[-3:]]
    assert shown.last_cues[-1] == ("03:19:59.000", f"Cue number {CUES - 1} says the lighthouse keeper trims the lamp.")
    assert len(parsed_sizes) == 2 and max(parsed_sizes) <= sampling.SAMPLE_CHARS + 10  # head and tail only
    assert any(w.startswith("previewed from a sample (") and f"the {CUES:,} cues are counted" in w for w in shown.warnings)


def test_a_short_file_is_previewed_whole_with_no_sample_warning(parsed_sizes):
    data = vtt(50).encode()
    shown = preview(staged_file=StagedFile(name="short.vtt", content=data))
    assert shown.segment_count == 50 and parsed_sizes == [len(data)]
    assert not any("sample" in w for w in shown.warnings)


def test_a_sample_whose_tail_is_broken_names_the_line_in_the_whole_file():
    text = srt(CUES).replace(f"{stamp((CUES - 2) * 1000, ',')} -->", "00:00:99,000 -->")
    shown = preview(staged_file=StagedFile(name="broken.srt", content=text.encode()))
    line = text.split("\n").index("00:00:99,000 --> " + stamp((CUES - 2) * 1000 + 900, ",")) + 1
    assert shown.error.startswith(f"broken.srt:{line}: ")


def test_the_cue_limit_refuses_at_preview_and_at_import_naming_file_and_limit(settings):
    settings.TRANSCRIPT_MAX_CUES = 40
    shown = preview(staged_file=StagedFile(name="long.vtt", content=vtt(41).encode()))
    assert shown.error == "long.vtt: holds 41 cues; the limit is 40 (TRANSCRIPT_MAX_CUES)"
    with pytest.raises(ImportRefused, match=r"^long\.vtt: holds 41 cues; the limit is 40 \(TRANSCRIPT_MAX_CUES\)$"):
        import_transcript(data=vtt(41).encode(), filename="long.vtt", language="en")
    assert not Transcript.objects.exists()
    assert import_transcript(data=vtt(40).encode(), filename="fits.vtt", language="en").transcripts[0].segments.count() == 40


def test_preview_warnings_are_in_the_interface_language():
    data = (b"1\n00:00:01,000 --> 00:00:05,000\nFirst line of the talk.\n\n"
            b"2\n00:00:03,000 --> 01:30:00,000\nSecond line, which overlaps and runs long.\n\n")
    with translation.override("zh-hans"):
        shown = preview(staged_file=StagedFile(name="o.srt", content=data), language="de")
    assert shown.warnings == [
        "文字看起来是 en，而不是 de",
        "第 6 行：始于 00:00:03.000 的字幕与更早一条（止于 00:00:05.000）重叠；按文件顺序保留",
        "1 条字幕长于一小时（第一条在第 6 行）",
    ]
