"""Example searches that find something in this archive as it is, one per language, for the home page and
for a search that found nothing. Picked from the transcripts' own frequent long words, then tried."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from talks.models import Segment, Talk, Transcript

from .backends import SearchUnavailable
from .query import QueryError
from .service import search_archive

SAMPLE_SEGMENTS = 2000
CANDIDATES_PER_LANGUAGE = 5
CACHE_SECONDS = 600
_HAN = re.compile(r"[\u3400-\u9fff]")
_LONG_WORD = re.compile(r"[^\W\d_]{7,20}")


@dataclass(frozen=True)
class ExampleSearch:
    query: str
    language: str


def example_searches(limit: int = 4) -> list[ExampleSearch]:
    state = Transcript.objects.aggregate(count=Count("pk"), last=Max("pk"))
    key = f"search:examples:{state['count']}:{state['last']}:{limit}"
    return cache.get_or_set(key, lambda: _found_examples(limit), CACHE_SECONDS)


def _found_examples(limit: int) -> list[ExampleSearch]:
    titles = {w for title in Talk.objects.values_list("title", flat=True) for w in _words(title)}
    languages = Transcript.objects.values("language").annotate(n=Count("segments")).order_by("-n", "language")
    counts = {row["language"]: _word_counts(row["language"]) for row in languages}
    examples: list[ExampleSearch] = []
    for language, words in counts.items():
        elsewhere = set().union(*(other for tag, other in counts.items() if tag != language))
        candidates = _ranked(Counter({w: n for w, n in words.items() if w not in elsewhere}), titles)
        word = next((w for w in candidates if _finds_something(w)), None)
        if word:
            examples.append(ExampleSearch(word, language))
        if len(examples) == limit:
            break
    return examples


def _word_counts(language: str) -> Counter[str]:
    texts = Segment.objects.filter(transcript__language=language).values_list("text", flat=True)[:SAMPLE_SEGMENTS]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_words(text))
    return counts


def _ranked(counts: Counter[str], titles: set[str]) -> list[str]:
    """The most frequent long words of a language, those also in a talk's title first (they say what talks are about)."""
    return sorted(counts, key=lambda word: (word not in titles, -counts[word], word))[:CANDIDATES_PER_LANGUAGE]


def _words(text: str) -> list[str]:
    if _HAN.search(text):
        import jieba  # loaded only for archives with Chinese text

        return [w for w in jieba.lcut(text) if len(w) >= 3 and all(_HAN.match(ch) for ch in w)]
    return [w.lower() for w in _LONG_WORD.findall(text)]


def _finds_something(word: str) -> bool:
    try:
        return search_archive(q=word, per_page=1).total_hits > 0
    except (QueryError, SearchUnavailable):
        return False
