"""Hand-made files for every encoding, line ending and malformation the parsers must handle."""

import codecs
import os

import pytest

from talks.parsing import TranscriptParseError, parse_transcript
from talks.parsing.cues import CueOverlap

SRT = "1\n00:00:01,000 --> 00:00:02,500\n{0}\n\n2\n00:00:03,000 --> 00:00:04,000\n{1}\n"
SRT_CUES = lambda a, b: [(1000, 2500, a), (3000, 4000, b)]  # noqa: E731
ZH_S, ZH_T = "我想感谢组织者选择这篇论文获奖", "我想感謝組織者選擇這篇論文獲獎"
DE = "Ich möchte mich bei den Organisatoren bedanken, dass sie unser Paper ausgewählt haben"
TR = "Bu makalemizi ödüle layık gördükleri için organizatörlere teşekkür etmek istiyorum"

# name: (bytes, format, encoding, [(start, end, text)])
GOOD = {
    "utf-8": (SRT.format("Hello", "World").encode(), "srt", "utf-8", SRT_CUES("Hello", "World")),
    "utf-8 BOM": (codecs.BOM_UTF8 + SRT.format("Grüße", "Welt").encode(), "srt", "utf-8", SRT_CUES("Grüße", "Welt")),
    "utf-16 LE BOM": (SRT.format(ZH_S, DE).encode("utf-16"), "srt", "utf-16", SRT_CUES(ZH_S, DE)),
    "utf-16 BE BOM": (codecs.BOM_UTF16_BE + SRT.format(TR, "x").encode("utf-16-be"), "srt", "utf-16", SRT_CUES(TR, "x")),
    "utf-32 BOM": (SRT.format(ZH_S, TR).encode("utf-32"), "srt", "utf-32", SRT_CUES(ZH_S, TR)),
    "gb18030": (SRT.format(ZH_S, "这太好了，我还要感谢我的合作者。").encode("gb18030"), "srt", "gb18030", SRT_CUES(ZH_S, "这太好了，我还要感谢我的合作者。")),
    "big5": (SRT.format(ZH_T, "這太好了，我還要感謝我的合作者。").encode("big5"), "srt", "big5", SRT_CUES(ZH_T, "這太好了，我還要感謝我的合作者。")),
    "cp1252": (SRT.format(DE, "Café, naïve – “quotes”.").encode("cp1252"), "srt", "cp1252", SRT_CUES(DE, "Café, naïve – “quotes”.")),
    "CRLF": (SRT.format("Hello", "World").replace("\n", "\r\n").encode(), "srt", "utf-8", SRT_CUES("Hello", "World")),
    "CR only": (SRT.format("Hello", "World").replace("\n", "\r").encode(), "srt", "utf-8", SRT_CUES("Hello", "World")),
    "SRT without index numbers": (
        b"00:00:01,000 --> 00:00:02,500\nHello\n\n00:00:03,000 --> 00:00:04,000\nWorld\n", "srt", "utf-8", SRT_CUES("Hello", "World")
    ),
    "SRT with formatting tags": (SRT.format("<i>Hello</i>", "{\\an8}<font color=\"red\">World</font>").encode(), "srt", "utf-8", SRT_CUES("Hello", "World")),
    "SRT two text lines": (SRT.format("Hello\nthere", "World").encode(), "srt", "utf-8", SRT_CUES("Hello there", "World")),
    "script tag kept as text": (
        SRT.format("<script>alert(1)</script>", "a < b & c").encode(), "srt", "utf-8", SRT_CUES("<script>alert(1)</script>", "a < b & c")
    ),
    "WebVTT": (
        b"WEBVTT\n\n00:01.000 --> 00:02.500\n<v Ann>Hello &amp; bye\n\n00:00:03.000 --> 00:00:04.000 align:start\nWorld\n",
        "vtt", "utf-8", SRT_CUES("Hello & bye", "World"),
    ),
    "WebVTT UTF-16 BOM": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHallo\n\n00:00:03.000 --> 00:00:04.000\nWelt\n".encode("utf-16"),
        "vtt", "utf-16", SRT_CUES("Hallo", "Welt"),
    ),
    "bracketed with dash arrow": (b"[00:01.000 --> 00:02.500]\nHello\n\n[00:03.000 --> 00:04.000]\nWorld\n", "bracketed", "utf-8", SRT_CUES("Hello", "World")),
    "bracketed over an hour in minutes": (b"[75:30.000 --> 75:31.500]\nLate\n", "bracketed", "utf-8", [(4530000, 4531500, "Late")]),
    "whisper inline marker": (
        b"[00:00:01.000 --> 00:00:02.500]   Hello [LAUGHTER] there\n[00:00:03.000 --> 00:00:04.000]   World\n",
        "whisper", "utf-8", SRT_CUES("Hello there", "World"),
    ),
    "plain text sentences": (b"First sentence here. Second one, Dr. Smith said.\n\nA new paragraph!", "text", "utf-8",
                             [(None, None, "First sentence here."), (None, None, "Second one, Dr. Smith said."), (None, None, "A new paragraph!")]),
}


@pytest.mark.parametrize("name", GOOD)
def test_good_file(name):
    data, form, encoding, cues = GOOD[name]
    parsed = parse_transcript(data, filename=f"{name}.srt")
    assert (parsed.format, parsed.encoding) == (form, encoding)
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.transcripts[0].cues] == cues


def test_overlapping_cues_are_kept_in_file_order_with_a_warning():
    data = b"1\n00:00:01,000 --> 00:00:05,000\nFirst\n\n2\n00:00:03,000 --> 00:00:04,000\nInside\n\n3\n00:00:04,500 --> 00:00:06,000\nNext\n"
    transcript = parse_transcript(data).transcripts[0]
    assert [c.text for c in transcript.cues] == ["First", "Inside", "Next"]
    # the third overlaps the first cue (ends at 5 s), not the one just before it
    assert transcript.warnings == [CueOverlap(line=6, start_ms=3000, earlier_end_ms=5000),
                                   CueOverlap(line=10, start_ms=4500, earlier_end_ms=5000)]
    assert str(transcript.warnings[0]) == ("line 6: cue starting 00:00:03.000 overlaps an earlier one "
                                           "(which ends 00:00:05.000); kept in file order")


def test_vtt_speaker_voice_is_kept():
    cues = parse_transcript(GOOD["WebVTT"][0]).transcripts[0].cues
    assert [c.speaker_label for c in cues] == ["Ann", ""]


def _srt_with_bad_line_57() -> bytes:
    blocks = [f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},500\nCue {i}\n" for i in range(14)]
    blocks.append("00:00:14,000 --> 00:00:99,500\nBroken\n")  # 14 blocks of 4 lines, then line 57
    text = "\n".join(blocks)
    assert text.split("\n")[56].startswith("00:00:14,000")
    return text.encode()


# name: (bytes, line, words the reason must contain)
BAD = {
    "empty file": (b"", None, "empty"),
    "only whitespace": (b"  \n\n \r\n", None, "empty"),
    "binary junk": (os.urandom(4096) + b"\x00\x01\x02", None, ""),
    "NUL bytes in text": (b"Hello\x00\x00\x00\x00 world\x00\x00\n", 1, "binary"),
    "HTML pretending to be a transcript": (b"<!DOCTYPE html>\n<html><body>Hello</body></html>", 1, "HTML"),
    "end before start": (b"1\n00:00:05,000 --> 00:00:02,000\nBackwards\n", 2, "before it starts"),
    "seconds out of range on line 57": (_srt_with_bad_line_57(), 57, "out of range"),
    "short SRT timestamp": (b"1\n00:09,000 --> 00:10,000\nHello\n", 2, "HH:MM:SS,mmm"),
    "SRT junk between cues": (b"1\n00:00:01,000 --> 00:00:02,000\nHello\n\njunk line\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n", 5, "outside any cue"),
    "WebVTT cue with a bad timing line": (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:03,000 --> 00:00:04.000\nBad\n", 6, "HH:MM:SS.mmm"),
    "bracketed stray text between cues": (b"[00:01.000 --> 00:02.000]\nHello\n\nstray words\n\n[00:03.000 --> 00:04.000]\nWorld\n", 4, "outside any cue"),
    "bracketed heading without cues": (b"English:\n\nDeutsch:\n[00:01.000 --> 00:02.000]\nHallo\n", 1, "no cues"),
    "bracketed language twice": (b"English:\n[00:01.000 --> 00:02.000]\nA\n\nEnglish:\n[00:01.000 --> 00:02.000]\nB\n", 5, "second section"),
    "scraped page that failed": (b"Timestamp: 2024\nTitle: x\nURL: https://b23.tv/x\nStatus: error\n\nContent:\nhello\n", 4, "not scraped"),
    "scraped page with empty content": (b"Timestamp: 2024\nTitle: x\nStatus: success\n\nContent:\n\n", 6, "empty"),
    "invalid UTF-16 after BOM": (codecs.BOM_UTF16_LE + b"h\x00i\x00\n\x00\x00\xd8", 2, "utf-16"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_refused_naming_file_and_line(name):
    data, line, words = BAD[name]
    with pytest.raises(TranscriptParseError) as raised:
        parse_transcript(data, filename="upload.srt")
    error = raised.value
    assert error.filename == "upload.srt" and error.line == line
    assert words.lower() in error.reason.lower()
    assert str(error).startswith(f"upload.srt:{line}: " if line else "upload.srt: ")


def test_unknown_format_override_is_refused():
    with pytest.raises(TranscriptParseError, match="unknown format 'docx'"):
        parse_transcript(b"hello", filename="a.txt", format="docx")


def test_format_override_parses_as_asked():
    parsed = parse_transcript(SRT.format("Hello", "World").encode(), format="text")
    assert parsed.format == "text" and not parsed.transcripts[0].timed
