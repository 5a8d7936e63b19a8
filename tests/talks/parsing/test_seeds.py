"""Every seed file, parsed: formats, languages, cue counts, times and texts, checked against the files."""

import datetime

import pytest

from talks.parsing import parse_transcript
from tests.conftest import SEEDS

# name: format, [(language, cue count, first cue (start, end, text start), last cue (start, end, text start))]
SEED_TABLE = {
    "subtitles": (
        "bracketed",
        [
            ("en", 12, (0, 15860, "I want to thank the organizers"), (234720, 257000, "Thank you so much for the talk.")),
            ("de", 14, (0, 15860, "Ich möchte mich bei den Organisatoren"), (210000, 224580, "Vielen Dank für Ihre Aufmerksamkeit!")),
            ("tr", 14, (0, 15860, "Bu makalemizi ödüle layık"), (210000, 224580, "Dikkatiniz için çok teşekkür ederim!")),
        ],
    ),
    "whisper": (
        "whisper",
        [(None, 1594, (0, 7200, "So again, I'm very happy to have Jason here."), (4625180, 4635180, ""))],
    ),
    "bilibili_en": ("scraped-page", [(None, 291, (None, None, "I want to thank the organizers"), (None, None, "Thank you."))]),
    "bilibili_zh": ("scraped-page", [(None, 88, (None, None, "我想感谢组织者"), (None, None, "能进行分布外"))]),
    "youtube_page": ("youtube-page", [(None, 120, (None, None, "it I think probably two years"), (None, None, "I want to have an assistant"))]),
}


@pytest.mark.parametrize("name", SEED_TABLE)
def test_seed_parses_to_the_expected_cues(name):
    expected_format, sections = SEED_TABLE[name]
    parsed = parse_transcript(SEEDS[name].read_bytes(), filename=SEEDS[name].name)
    assert parsed.format == expected_format
    assert parsed.encoding == "utf-8"
    assert [(t.language, len(t.cues)) for t in parsed.transcripts] == [(s[0], s[1]) for s in sections]
    for transcript, (_, _, first, last) in zip(parsed.transcripts, sections):
        for cue, (start, end, text) in ((transcript.cues[0], first), (transcript.cues[-1], last)):
            assert (cue.start_ms, cue.end_ms) == (start, end)
            assert cue.text.startswith(text)
        assert transcript.timed == (first[0] is not None)
        assert all(cue.text or cue.sound for cue in transcript.cues)


def test_timing_lines_in_the_seed_equal_the_cues_kept():
    text = SEEDS["whisper"].read_text()
    timing_lines = sum(1 for line in text.splitlines() if "-->" in line)
    parsed = parse_transcript(text.encode())
    assert parsed.cue_count == timing_lines == 1594


def test_whisper_markers_are_not_text():
    cues = parse_transcript(SEEDS["whisper"].read_bytes()).transcripts[0].cues
    sounds = {cue.sound for cue in cues if cue.sound}
    assert {"BLANK_AUDIO", "APPLAUSE", "audience laughs", "INAUDIBLE"} <= sounds
    assert not any("BLANK_AUDIO" in cue.text or "APPLAUSE" in cue.text for cue in cues)
    applause = next(cue for cue in cues if cue.sound == "APPLAUSE")
    assert (applause.start_ms, applause.end_ms, applause.text) == (30480, 33940, "")


def test_the_second_lecture_speaker_cue_is_read_at_30_25():
    cues = parse_transcript(SEEDS["whisper"].read_bytes()).transcripts[0].cues
    cue = next(c for c in cues if c.text.startswith("All right, so thanks, Jason"))
    assert cue.start_ms == (30 * 60 + 25) * 1000 + 340


def test_subtitle_file_metadata_keeps_title_and_footer():
    parsed = parse_transcript(SEEDS["subtitles"].read_bytes())
    assert parsed.metadata.title.startswith("OG video from talk by @ilyasut")
    assert parsed.metadata.extra == {"views": "6"}
    assert [t.heading for t in parsed.transcripts] == ["Original (English):", "Deutsch:", "Türkçe"]
    # "Views: 6" is a footer, not the last Turkish cue's text.
    assert "Views" not in parsed.transcripts[2].cues[-1].text


@pytest.mark.parametrize(
    "name, title, url, platform_id",
    [
        ("bilibili_en", "Ilya最新演讲AI接下来是超级智能", "https://www.bilibili.com/video/BV1Q8BGYsEHy/", "BV1Q8BGYsEHy"),
        ("bilibili_zh", "Ilya宣判：预训练即将终结！NeurIPS现场沸腾！", "https://www.bilibili.com/video/BV1TwB5YpEx8/", "BV1TwB5YpEx8"),
    ],
)
def test_bilibili_page_metadata(name, title, url, platform_id):
    metadata = parse_transcript(SEEDS[name].read_bytes()).metadata
    assert (metadata.title, metadata.url, metadata.platform_id) == (title, url, platform_id)
    assert metadata.summary.startswith(("*   **Core Ideas", "好的，这是对您提供的文本的摘要"))
    assert metadata.extra["scraped_url"].startswith("https://b23.tv/")


def test_youtube_page_metadata():
    metadata = parse_transcript(SEEDS["youtube_page"].read_bytes()).metadata
    assert metadata.title == "Ilya Sutskever | The era of AI will come in full swing | GPT-4o is the most powerful AI model"
    assert metadata.url == "https://www.youtube.com/watch?v=f96Xrg4uNik"
    assert metadata.platform_id == "f96Xrg4uNik"
    assert metadata.duration_seconds == 1069
    assert metadata.published == datetime.date(2024, 5, 25)
    assert metadata.extra["channel"] == "Me&ChatGPT"


@pytest.mark.parametrize("name", ["bilibili_en", "bilibili_zh", "youtube_page"])
def test_untimed_segments_keep_every_word_in_order(name):
    """Segmenting only cuts: joined back together, the segments are the scraped text."""
    parsed = parse_transcript(SEEDS[name].read_bytes())
    text = SEEDS[name].read_text()
    body = text.split("Content:\n", 1)[-1] if "Content:" in text else text.split("\nCaptions\n", 1)[1].split("\nInfo\n")[0]
    squash = lambda s: "".join(s.split())  # noqa: E731
    assert squash("".join(c.text for c in parsed.transcripts[0].cues)) == squash(body)
