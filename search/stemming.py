"""Snowball stemmers from the snowballstemmer package, one per thread.

A stemmer object keeps the word it is working on in its own attributes, so two threads stemming
with one object corrupt each other's word (seen as IndexError under gunicorn's threads); each
thread gets its own, made once."""

from __future__ import annotations

import threading

import snowballstemmer

_local = threading.local()


def stem_word(language: str, word: str) -> str:
    """`word` stemmed by the Snowball stemmer for `language` (a snowballstemmer algorithm name)."""
    return thread_stemmer(language).stemWord(word)


def thread_stemmer(language: str):
    """This thread's stemmer for `language`."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(language)
    return stemmer
