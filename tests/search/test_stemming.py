"""Stemming under gunicorn's threads: a Snowball stemmer object holds the word it works on, so one
object shared by threads corrupted words (IndexError: a 500 under load, found by the benchmark)."""

import sys
import threading

import pytest
import snowballstemmer

from search.backends.postgres.matching import stemmed_tokens
from search.backends.whoosh.analysis import language_analyzer
from search.stemming import stem_word

WORDS = ["internationalization", "generalizations", "relational", "conditional", "happiness", "running"] * 500
PREFIXES = ["pre", "re", "over", "under", "counter", "inter", "super", "sub", "anti", "co", "de", "dis"]
SUFFIXES = [f"{stem}{ending}" for stem in ("internation", "general", "relat", "condit", "happi", "nation", "ration",
                                               "operat", "format", "sensat", "organ", "modern")
            for ending in ("alization", "alizations", "ional", "ionally", "ness", "izing", "ized", "ations")]
TURKISH = "Montreal'de konuşmacılar yapay zekâ modellerinin genelleştirilmesinden bahsettiler. " * 60


@pytest.fixture
def frequent_thread_switches():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def in_threads(function, count=8):
    """function(number) in `count` threads at once: the results, or the exceptions raised."""
    results, threads = [None] * count, []

    def run(number):
        try:
            results[number] = function(number)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[number] = error

    for number in range(count):
        threads.append(threading.Thread(target=run, args=(number,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    return results


def test_stem_word_gives_each_thread_its_own_stemmer(frequent_thread_switches):
    expected = [snowballstemmer.stemmer("english").stemWord(word) for word in WORDS]
    assert in_threads(lambda _: [stem_word("english", word) for word in WORDS]) == [expected] * 8


def test_postgres_highlighting_stems_alike_in_threads(frequent_thread_switches):
    # Each thread its own words, so the highlighter's cache of stems cannot hide a race.
    texts = [" ".join(f"{p}{s}" for p in PREFIXES for s in SUFFIXES[n::8]) for n in range(8)]
    reference = snowballstemmer.stemmer("english")
    expected = [[reference.stemWord(word) for word in text.split()] for text in texts]
    assert expected[0][:2] == ["preinternation", "pregeneral"]
    results = in_threads(lambda number: [token.text for token in stemmed_tokens(texts[number], "english")])
    assert results == expected


def test_whoosh_turkish_analyzer_shared_by_threads(frequent_thread_switches):
    analyzer = language_analyzer("tr")
    expected = [token.text for token in analyzer(TURKISH)]
    assert expected[:4] == ["montreal", "konuşmacı", "yapay", "zekâ"]
    assert in_threads(lambda _: [token.text for token in analyzer(TURKISH)]) == [expected] * 8
