from search.spelling import Candidate, allowed_distance, best_correction, edit_distance, is_spellable


def test_longer_words_may_hold_more_slips():
    assert [allowed_distance(w) for w in ("the", "cats", "scalng", "pretrain", "pretraning", "intelligense")] == [
        1, 1, 2, 2, 3, 3]


def test_a_long_word_is_corrected_across_three_slips_a_short_one_across_one():
    assert best_correction("intelligense", [Candidate("intelligence", 5)]) == "intelligence"
    assert best_correction("inteligense", [Candidate("intelligence", 5)]) == "intelligence"
    assert best_correction("axe", [Candidate("axes", 1), Candidate("ate", 9)]) == "ate"  # a tie: the more frequent
    assert best_correction("cat", [Candidate("dog", 9)]) is None


def test_edit_distance_counts_insertions_deletions_and_substitutions():
    assert edit_distance("intelligense", "intelligence") == 1
    assert edit_distance("pretraning", "pre-training") == 2
    assert edit_distance("", "abc") == 3
    assert edit_distance("kitten", "sitting") == 3


def test_only_words_of_letters_are_spelled():
    assert is_spellable("Vortrag") and is_spellable("teşekkür")
    assert not is_spellable("gpt4") and not is_spellable("ab") and not is_spellable("训练")
