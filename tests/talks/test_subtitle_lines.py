from talks.subtitle_lines import columns, wrap_cue


def test_a_short_cue_stays_one_line():
    assert wrap_cue("  Good   evening. ") == "Good evening."


def test_a_long_cue_breaks_once_where_the_longer_line_is_shortest():
    assert wrap_cue("Thank you all for coming out tonight to the lecture hall on such a cold and rainy evening.") == (
        "Thank you all for coming out tonight to the\nlecture hall on such a cold and rainy evening.")


def test_chinese_counts_two_columns_a_character_and_never_starts_a_line_with_punctuation():
    text = "我想感谢组织者邀请我来这里演讲，这是一个很大的荣誉，我们今天讨论的是序列到序列学习。"
    wrapped = wrap_cue(text)
    assert wrapped == "我想感谢组织者邀请我来这里演讲，这是一个很\n大的荣誉，我们今天讨论的是序列到序列学习。"
    assert [columns(line) for line in wrapped.split("\n")] == [42, 42]
    assert wrap_cue("演讲演讲演讲演讲演讲演讲演讲演讲演讲演讲，我们") == "演讲演讲演讲演讲演讲演讲\n演讲演讲演讲演讲，我们"


def test_text_too_long_for_two_lines_keeps_two_balanced_lines_and_whole_words():
    text = " ".join(["Auszeichnung"] * 12)  # 155 columns
    first, second = wrap_cue(text).split("\n")
    assert (first, second) == (" ".join(["Auszeichnung"] * 6), " ".join(["Auszeichnung"] * 6))
    assert wrap_cue("x" * 100) == "x" * 100  # one word cannot be broken
