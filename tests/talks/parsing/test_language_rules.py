import pytest

from talks.parsing.language import is_primary_only, matches_language_range, primary_subtag, same_language
from talks.parsing.scripts import contains_han, han_characters, is_han


@pytest.mark.parametrize(("tag", "wanted", "expected"), [
    ("en", "en", True), ("en-GB", "en", True), ("EN-gb", "en-GB", True), ("en", "en-GB", False),
    ("zh-Hans", "zh", True), ("zh-Hans", "zh-Hant", False), ("zh-Hans-CN", "zh-hans", True),
    ("de", "d", False), ("de", "", False), ("zh_Hans", "zh-Hans", True),
])
def test_language_ranges_follow_rfc_4647_basic_filtering(tag, wanted, expected):
    assert matches_language_range(tag, wanted) is expected


@pytest.mark.parametrize(("tag", "primary", "bare"), [("zh-Hans", "zh", False), ("EN", "en", True), ("pt_BR", "pt", False)])
def test_the_primary_subtag_is_the_language_alone(tag, primary, bare):
    assert (primary_subtag(tag), is_primary_only(tag)) == (primary, bare)


def test_scripts_and_regions_of_one_language_are_the_same_language():
    assert same_language("zh-Hans", "zh-Hant") and same_language("en", "en-US")
    assert not same_language("nb", "no")


@pytest.mark.parametrize(("character", "han"), [
    ("中", True), ("㐀", True), ("\u4dbf", True), ("豈", True), ("𠀀", True), ("\U00030000", True), ("〇", True),
    ("a", False), ("あ", False), ("한", False), ("。", False), ("１", False),
])
def test_han_ranges_cover_every_cjk_ideograph_block(character, han):
    assert is_han(character) is han


def test_han_helpers_agree_on_mixed_text():
    assert han_characters("GPT-4 是𠀀大模型。") == "是𠀀大模型"
    assert contains_han("x𠀀") and not contains_han("kana かな")
