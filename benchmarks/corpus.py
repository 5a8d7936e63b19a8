"""A synthetic archive: talks of 500 segments, 10-60 words each, 85% English, 10% Chinese, 5% German,
words drawn with Zipf-like frequencies from real word lists (wordfreq, jieba's dictionary) plus the
demo transcripts' vocabulary."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path

import jieba
import wordfreq

SEGMENTS_PER_TALK = 500
DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"


@dataclass
class Vocabulary:
    words: list[str]
    cumulative: list[float]

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def rank(self, position: int) -> str:
        return self.words[min(position, len(self.words) - 1)]


def _vocabulary(pairs) -> Vocabulary:
    words, cumulative, total = [], [], 0.0
    for word, weight in pairs:
        total += weight
        words.append(word)
        cumulative.append(total)
    return Vocabulary(words, cumulative)


def _latin(language: str, size: int, demo_file: str | None) -> Vocabulary:
    listed = wordfreq.top_n_list(language, size)
    known = set(listed)
    pairs = [(w, wordfreq.word_frequency(w, language)) for w in listed if re.fullmatch(r"[^\W\d_]+(?:'[^\W\d_]+)?", w)]
    if demo_file:
        extra = sorted(set(re.findall(r"[^\W\d_]{3,}", (DEMO / demo_file).read_text().lower())) - known)
        pairs += [(w, 1e-7) for w in extra]
    return _vocabulary(pairs)


def _chinese(size: int) -> Vocabulary:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    entries = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if re.fullmatch(r"[\u4e00-\u9fff]{1,4}", word):
            entries.append((word, int(freq)))
    entries.sort(key=lambda e: -e[1])
    return _vocabulary(entries[:size])


@dataclass
class Vocabularies:
    en: Vocabulary
    de: Vocabulary
    zh: Vocabulary

    @classmethod
    def load(cls) -> Vocabularies:
        return cls(
            en=_latin("en", 50000, "wei-chung-stanford-cs25-whisper.txt"),
            de=_latin("de", 20000, "sutskever-neurips-2024-subtitles-en-de-tr.txt"),
            zh=_chinese(60000),
        )


@dataclass
class TalkSpec:
    number: int
    language: str
    speaker: str
    year: int
    srt: bytes


def _srt(cues: list[str]) -> bytes:
    lines, clock = [], 0
    for number, text in enumerate(cues, start=1):
        length = 800 + 350 * len(text.split()) if " " in text else 800 + 120 * len(text)
        lines.append(f"{number}\n{_stamp(clock)} --> {_stamp(clock + length)}\n{text}\n")
        clock += length + 200
    return "\n".join(lines).encode("utf-8")


def _stamp(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


SPEAKERS = [f"{first} {last}" for first, last in itertools.product(
    ["Ada", "Alan", "Grace", "Claude", "Edsger", "Barbara", "Donald", "Frances", "Yoshua", "Fei-Fei", "Geoffrey", "Daphne"],
    ["Lovelace", "Turing", "Hopper", "Shannon", "Dijkstra", "Liskov", "Knuth", "Allen", "Bengio", "Li", "Hinton", "Koller"],
)]


def talks(vocabularies: Vocabularies, *, segments: int, seed: int = 1):
    """Yield talk specs until `segments` segments have been made."""
    rng = random.Random(seed)
    speaker_weights = [1 / (rank + 1) for rank in range(len(SPEAKERS))]
    for number in range(max(1, segments // SEGMENTS_PER_TALK)):
        roll = rng.random()
        language = "en" if roll < 0.85 else "zh-Hans" if roll < 0.95 else "de"
        vocabulary = {"en": vocabularies.en, "de": vocabularies.de, "zh-Hans": vocabularies.zh}[language]
        cues = []
        for _ in range(SEGMENTS_PER_TALK):
            words = vocabulary.sample(rng, rng.randint(10, 60))
            cues.append("".join(words) if language == "zh-Hans" else " ".join(words).capitalize() + ".")
        yield TalkSpec(number=number, language=language, speaker=rng.choices(SPEAKERS, weights=speaker_weights)[0],
                       year=rng.randint(2015, 2025), srt=_srt(cues))
