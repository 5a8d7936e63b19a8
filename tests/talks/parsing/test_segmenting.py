import pytest

from talks.parsing import Cue, detect_language, estimate_times, normalise_language_tag, parse_transcript
from talks.parsing.chinese import cut_words
from talks.parsing.segmenting import chunk, split_sentences
from tests.conftest import SEEDS


def test_sentences_split_on_end_punctuation_but_not_abbreviations():
    text = "We tried it, e.g. with Dr. Smith. It worked! Did it? Yes… 我们成功了。真的吗？是的"
    assert split_sentences(text) == ["We tried it, e.g. with Dr. Smith.", "It worked!", "Did it?", "Yes…", "我们成功了。", "真的吗？", "是的"]


def test_unpunctuated_chinese_is_cut_into_40_to_80_character_chunks_at_word_boundaries():
    cues = parse_transcript(SEEDS["bilibili_zh"].read_bytes()).transcripts[0].cues
    lengths = [len(c.text) for c in cues]
    assert max(lengths) <= 80
    assert sum(40 <= n <= 80 for n in lengths) >= 0.95 * len(lengths)
    # Every cut falls where jieba puts a word boundary in the scraped text.
    body = SEEDS["bilibili_zh"].read_text().split("Content:\n", 1)[1].strip()
    boundaries, position = {0}, 0
    for word in cut_words(body):
        position += len(word)
        boundaries.add(position)
    position = 0
    for cue in cues:
        position = body.index(cue.text, position)
        assert position in boundaries, cue.text[:10]
        position += len(cue.text)


def test_long_unpunctuated_english_is_cut_between_words():
    words = ("word " * 500).strip()
    pieces = chunk(words)
    assert all(len(p) <= 240 for p in pieces)
    assert " ".join(pieces) == words


def test_estimated_times_cover_the_duration_in_order():
    cues = [Cue(text="a" * n) for n in (10, 30, 60)]
    timed = estimate_times(cues, duration_ms=100_000)
    assert [(c.start_ms, c.end_ms) for c in timed] == [(0, 10_000), (10_000, 40_000), (40_000, 100_000)]
    assert all(c.estimated for c in timed)


@pytest.mark.parametrize(
    "text, tag",
    [
        (SEEDS["bilibili_en"].read_text()[3000:6000], "en"),
        (SEEDS["bilibili_zh"].read_text()[2000:4000], "zh-Hans"),
        ("我想感謝組織者選擇這篇論文獲獎，這太好了，我還要感謝我的合作者。", "zh-Hant"),
        ("Ich möchte mich bei den Organisatoren bedanken, dass sie unser Paper für diese Auszeichnung ausgewählt haben.", "de"),
        ("Bu makalemizi ödüle layık gördükleri için organizatörlere teşekkür etmek istiyorum.", "tr"),
    ],
)
def test_language_detection(text, tag):
    assert detect_language(text) == tag


@pytest.mark.parametrize("given, normal", [("en", "en"), ("zh-hans", "zh-Hans"), ("ZH_hant", "zh-Hant"), ("deu", "de"), ("pt-br", "pt-BR")])
def test_language_tags_are_normalised(given, normal):
    assert normalise_language_tag(given) == normal


@pytest.mark.parametrize("bad", ["", "english", "x", "12", "en-"])
def test_invalid_language_tags_are_refused(bad):
    with pytest.raises(ValueError, match="not a BCP 47"):
        normalise_language_tag(bad)
