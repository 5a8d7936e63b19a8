from search.spelling import SPELLABLE, allowed_edits, edit_distance


def test_longer_words_may_hold_more_slips():
    assert [allowed_edits(w) for w in ("the", "cats", "scalng", "pretraning", "intelligense")] == [1, 1, 2, 3, 3]


def test_edit_distance_counts_insertions_deletions_and_substitutions():
    assert edit_distance("intelligense", "intelligence") == 1
    assert edit_distance("pretraning", "pre-training") == 2
    assert edit_distance("", "abc") == 3
    assert edit_distance("kitten", "sitting") == 3


def test_only_words_of_letters_are_spelled():
    assert SPELLABLE.fullmatch("Vortrag") and SPELLABLE.fullmatch("teşekkür")
    assert not SPELLABLE.fullmatch("gpt4") and not SPELLABLE.fullmatch("ab")
