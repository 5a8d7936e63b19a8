import pytest

from search.backends.whoosh.analysis import language_analyzer, language_group
from search.normalize import normalize


def tokens(group, text, mode="index"):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in language_analyzer(group)(text, positions=True, chars=True, mode=mode)]


def test_chinese_positions_are_word_numbers_not_character_offsets():
    words = [t for t in tokens("zh", "深度学习假设我们在这里说的是", mode="query")]
    assert [t[1] for t in words] == list(range(len(words)))
    assert "".join(t[0] for t in words) == "深度学习假设我们在这里说的是"


def test_chinese_index_tokens_share_their_words_position():
    found = tokens("zh", "神经网络")
    assert {t[1] for t in found} == {0}
    assert {"神经网络", "神经", "网络", "神", "经", "网", "络"} <= {t[0] for t in found}


def test_traditional_is_folded_to_simplified_with_original_offsets():
    text = "我想感謝組織者"
    found = tokens("zh", text, mode="query")
    assert [t[0] for t in found] == ["我", "想", "感谢", "组织者"]
    assert [text[s:e] for _, _, s, e in found] == ["我", "想", "感謝", "組織者"]


def test_latin_words_in_chinese_are_lower_cased():
    assert [t[0] for t in tokens("zh", "我们用GPT训练", mode="query")] == ["我们", "用", "gpt", "训练"]


@pytest.mark.parametrize(
    "group, text, expected",
    [
        ("en", "Running networks trained", ["run", "network", "train"]),
        ("de", "Organisatoren bedanken", ["organisator", "bedank"]),
        ("tr", "İSTANBUL'da IŞIK yakıtıdır", ["istanbul", "ışık", "yakıt"]),
        ("en", "ｆｕｌｌ　ｗｉｄｔｈ", ["full", "width"]),
        ("en", "zero\u200bwidth soft\u00adhyphen", ["zerowidth", "softhyphen"]),
        ("en", "it’s Google’s", ["it", "googl"]),
        ("other", "Bonjour Monde", ["bonjour", "monde"]),
    ],
)
def test_language_chains(group, text, expected):
    assert [t[0] for t in tokens(group, text, mode="query")] == expected


def test_offsets_point_into_the_original_text_after_normalisation():
    text = "ｆｕｌｌ zero\u200bwidth café"
    spans = [(s, e) for _, _, s, e in tokens("en", text)]
    assert [text[s:e] for s, e in spans] == ["ｆｕｌｌ", "zero\u200bwidth", "café"]


def test_decomposed_accents_are_composed():
    normalized, offsets = normalize("cafe\u0301 au lait")
    assert normalized == "café au lait" and (offsets[3], offsets[4]) == (3, 5)  # é spans e + accent


@pytest.mark.parametrize("tag, group", [("en", "en"), ("en-GB", "en"), ("zh-Hant", "zh"), ("nb", "no"), ("tr", "tr"), ("ja", "other")])
def test_language_groups(tag, group):
    assert language_group(tag) == group
