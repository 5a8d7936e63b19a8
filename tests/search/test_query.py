import pytest

from search.query import MAX_DEPTH, MAX_LENGTH, MAX_TERMS, And, Not, Or, Phrase, Prefix, QueryError, Word, parse_query

# query: (tree, filters)
GOOD = {
    "neural networks": (And((Word("neural"), Word("networks"))), {}),
    '"language models" work': (And((Phrase("language models"), Word("work"))), {}),
    "a OR b c": (Or((Word("a"), And((Word("b"), Word("c"))))), {}),
    "a or b": (And((Word("a"), Word("or"), Word("b"))), {}),
    "deep -shallow": (And((Word("deep"), Not(Word("shallow")))), {}),
    "deep NOT shallow": (And((Word("deep"), Not(Word("shallow")))), {}),
    "NOT NOT deep": (Word("deep"), {}),
    'deep -"very shallow"': (And((Word("deep"), Not(Phrase("very shallow")))), {}),
    "learn* fast": (And((Prefix("learn"), Word("fast"))), {}),
    "(a OR b) c": (And((Or((Word("a"), Word("b"))), Word("c"))), {}),
    "deep -(a OR b)": (And((Word("deep"), Not(Or((Word("a"), Word("b")))))), {}),
    "训练 speaker:ilya lang:zh-Hans": (Word("训练"), {"speaker": ["ilya"], "lang": ["zh-Hans"]}),
    'talk:"some-talk" YEAR:2024 data': (Word("data"), {"talk": ["some-talk"], "year": ["2024"]}),
    "segment_id:5 data": (And((Word("segment_id:5"), Word("data"))), {}),
    '"unterminated phrase': (Phrase("unterminated phrase"), {}),
    "训*": (Prefix("训"), {}),
    "": (None, {}),
    "speaker:ilya": (None, {"speaker": ["ilya"]}),
}


@pytest.mark.parametrize("text", GOOD)
def test_parse(text):
    parsed = parse_query(text)
    assert (parsed.root, parsed.filters) == GOOD[text]


BAD = {
    "x" * (MAX_LENGTH + 1): "characters long",
    " ".join(["w"] * (MAX_TERMS + 1)): "words and phrases",
    "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1): "nested",
    "(" * 1000 + "x": "characters long",
    "(" * 300 + "x": "nested",
    "(a b": "never closed",
    "a b)": "no matching",
    "-neural": "only exclude",
    "NOT neural": "only exclude",
    "?*": "at least 2 letters",
    "*a*": "may only end a word",
    "a*b": "may only end a word",
    "x*": "at least 2 letters",
    " ".join(["speaker:x"] * 11) + " data": "Too many speaker",
}


@pytest.mark.parametrize("text", BAD)
def test_bad_queries_are_refused_with_a_message(text):
    with pytest.raises(QueryError, match=BAD[text]):
        parse_query(text)


def test_ten_thousand_and_terms_are_refused_quickly():
    import time

    started = time.monotonic()
    with pytest.raises(QueryError):
        parse_query(" AND ".join(["x"] * 10000))
    assert time.monotonic() - started < 1.0
