"""Snippets (search.highlight.snippet): cut at word boundaries, jieba's words for Chinese, with an ellipsis
wherever a sentence was cut."""

from search.highlight import HAN_SNIPPET_CHARS, SNIPPET_CHARS, snippet
from search.templatetags.search_tags import word_breaks
from talks.parsing.chinese import cut_words

PASSAGE = "We tried it. So the question is, this causal attention is what we scaled and it worked."


def span(text: str, word: str, start: int = 0) -> tuple[int, int]:
    at = text.index(word, start)
    return at, at + len(word)


def test_a_cue_that_starts_and_ends_a_sentence_has_no_ellipsis():
    start = PASSAGE.index("So")
    assert snippet(PASSAGE, [span(PASSAGE, "attention")], start, len(PASSAGE)) == (
        "So the question is, this causal <mark>attention</mark> is what we scaled and it worked.")


def test_a_cue_that_starts_or_ends_inside_a_sentence_says_so():
    start, end = PASSAGE.index("this"), PASSAGE.index(" and")
    assert snippet(PASSAGE, [span(PASSAGE, "attention")], start, end) == (
        "… this causal <mark>attention</mark> is what we scaled …")


def test_a_long_passage_is_cut_at_words_around_the_match():
    words = " ".join(f"word{n}" for n in range(200))
    text = f"{words} attention {words}."
    html = snippet(text, [span(text, "attention")], 0, len(text))
    assert html.startswith("… word") and html.endswith(" …")
    shown = html.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    assert f" {shown} " in f" {text} "  # whole words only, nothing cut inside one
    assert SNIPPET_CHARS - len("word199") <= len(shown) <= SNIPPET_CHARS + len("word199")  # ends with its last word
    assert "<mark>attention</mark>" in html and shown.index("attention") >= 70  # context before the match


def test_long_chinese_is_cut_between_jieba_words_with_an_ellipsis_and_no_space():
    sentence = "相信如果你很好地训练它你就能得到你想要的任何东西在我们当时的情况下这是一个大胆的想法"
    for shift in range(12):  # what comes before the match moves: some cuts would fall inside a word
        text = sentence * 2 + sentence[:shift] + "我们开始训练神经网络" + sentence * 3
        html = snippet(text, [span(text, "训练神经网络")], 0, len(text))
        assert html.startswith("…") and not html.startswith("… ")
        assert html.endswith("…") and not html.endswith(" …")
        shown = html.strip("…").replace("<mark>", "").replace("</mark>", "")
        assert "<mark>训练神经网络</mark>" in html and len(shown) <= HAN_SNIPPET_CHARS
        start = text.index("我们开始训练") - shown.index("我们开始训练")  # the text repeats: place it by the unique part
        boundaries = word_starts(text)
        assert start in boundaries and start + len(shown) in boundaries, shift  # jieba's words, none cut


def word_starts(text: str) -> set[int]:
    starts, at = set(), 0
    for word in cut_words(text):
        starts.add(at)
        at += len(word)
    return starts


def test_whole_cues_for_a_talk_page_are_never_trimmed_or_marked_as_cut():
    start, end = PASSAGE.index("this"), PASSAGE.index(" and")
    assert snippet(PASSAGE, [span(PASSAGE, "attention")], start, end, trim=False) == (
        "this causal <mark>attention</mark> is what we scaled")


def test_chinese_snippets_may_break_only_between_words():
    html = "…我们开始<mark>训练</mark>神经网络&amp;模型"
    assert word_breaks(html, "zh-Hans") == "…<wbr>我们<wbr>开始<mark>训练</mark>神经网络&amp;模型"
    assert word_breaks("the <mark>model</mark> &amp; data", "en") == "the <mark>model</mark> &amp; data"
