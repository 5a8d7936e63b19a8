"""UTF-16 without a byte-order mark is read for Latin text as for Chinese (talks/parsing/encoding.py),
on real transcripts re-encoded, and binary data is still refused."""

import pytest

from talks.parsing import TranscriptParseError, parse_transcript
from talks.parsing.encoding import decode
from tests.conftest import SEEDS

DE_SRT = ("1\n00:00:01,000 --> 00:00:02,500\nIch möchte mich bei den Organisatoren bedanken.\n\n"
          "2\n00:00:03,000 --> 00:00:04,000\nDas Netzwerk wurde zehn Tage lang trainiert.\n")
EN_SRT = ("1\n00:00:01,000 --> 00:00:02,500\nI want to thank the organizers.\n\n"
          "2\n00:00:03,000 --> 00:00:04,000\nThe network was trained for ten days.\n")  # ASCII: valid UTF-8 too
ZH_SRT = "1\n00:00:01,000 --> 00:00:02,500\n我想感谢组织者选择这篇论文\n\n2\n00:00:03,000 --> 00:00:04,000\n一个很大的神经网络\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN_SRT, DE_SRT, ZH_SRT], ids=["english", "german", "chinese"])
def test_utf16_without_bom_is_decoded_and_named(text, encoding):
    assert decode(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("seed", ["subtitles", "whisper", "bilibili_zh"])
def test_real_transcripts_in_utf16_le_without_bom_parse_as_in_utf8(seed):
    original = SEEDS[seed].read_bytes().decode("utf-8-sig")
    as_utf8 = parse_transcript(original.encode("utf-8"), filename=f"{seed}.txt")
    as_utf16 = parse_transcript(original.encode("utf-16-le"), filename=f"{seed}.txt")
    assert as_utf16.encoding == "utf-16-le" and as_utf16.format == as_utf8.format
    assert [[c.text for c in t.cues] for t in as_utf16.transcripts] == [[c.text for c in t.cues] for t in as_utf8.transcripts]


def test_binary_with_zero_bytes_is_still_refused():
    data = bytes(range(256)) * 20  # zeros, but not every other byte
    with pytest.raises(TranscriptParseError, match="binary data"):
        decode(data)


def test_latin_text_with_nul_bytes_in_utf8_is_still_refused():
    with pytest.raises(TranscriptParseError, match=r"binary data"):
        decode(b"Hello\x00 world, this is not text\n" * 3)
