import pytest

from search.query import (
    MAX_DEPTH, MAX_LENGTH, MAX_OR_BRANCHES, MAX_PHRASE_WORDS, MAX_PHRASES, MAX_PREFIXES, MAX_TERMS, And,
    Not, Or, Phrase, Prefix, QueryError, Word, parse_query,
)

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
    # Repeats collapse: they would ask a backend for the same posting list again and again.
    " ".join(["learning"] * 32): (Word("learning"), {}),
    "deep learning deep learning": (And((Word("deep"), Word("learning"))), {}),
    "a OR a OR b": (Or((Word("a"), Word("b"))), {}),
    '"a b" "a b" (c OR c)': (And((Phrase("a b"), Word("c"))), {}),
    "x -y -y": (And((Word("x"), Not(Word("y")))), {}),
    " ".join(f"w{i}" for i in range(MAX_TERMS)) + " w0": (And(tuple(Word(f"w{i}") for i in range(MAX_TERMS))), {}),
}


@pytest.mark.parametrize("text", GOOD)
def test_parse(text):
    parsed = parse_query(text)
    assert (parsed.root, parsed.filters) == GOOD[text]


BAD = {
    "x" * (MAX_LENGTH + 1): "characters long",
    " ".join(f"w{i}" for i in range(MAX_TERMS + 1)): f"has {MAX_TERMS + 1} words and phrases; the limit is {MAX_TERMS}",
    " ".join(f'"p{i} q"' for i in range(MAX_PHRASES + 1)): f"has {MAX_PHRASES + 1} phrases; the limit is {MAX_PHRASES}",
    '"' + " ".join(f"w{i}" for i in range(MAX_PHRASE_WORDS + 1)) + '"':
        f"has {MAX_PHRASE_WORDS + 1} words; the limit is {MAX_PHRASE_WORDS} words in a phrase",
    " ".join(f"p{i}*" for i in range(MAX_PREFIXES + 1)): rf"has {MAX_PREFIXES + 1} prefixes \(word\*\); the limit is {MAX_PREFIXES}",
    " OR ".join(f"w{i}" for i in range(MAX_OR_BRANCHES + 1)):
        f"has {MAX_OR_BRANCHES + 1} OR alternatives; the limit is {MAX_OR_BRANCHES}",
    "(a OR b) (c OR d) (e OR f) (g OR h) (i OR j) (k OR l) (m OR n) (o OR p) (q OR r)":
        f"has 18 OR alternatives; the limit is {MAX_OR_BRANCHES}",
    "x -(" + " ".join(f"n{i}" for i in range(MAX_TERMS)) + ")": f"has {MAX_TERMS + 1} words and phrases",
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
