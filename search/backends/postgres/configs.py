"""Which analysis each language gets in PostgreSQL, and the text search configurations for them.

PostgreSQL's built-in configurations drop stop words (`to be or not to be` becomes an empty query);
ours stem with the same Snowball stemmers and keep every word, as the Whoosh backend does. Chinese is
cut by the project's own jieba tokenizer in Python (search.tokens), so it has no configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator

from search.normalize import lower
from search.tokens import Token, word_tokens
from talks.parsing.language import primary_subtag

# Language subtag → Snowball stemmer, for every stemmer PostgreSQL 15 ships.
SNOWBALL = {
    "en": "english", "de": "german", "tr": "turkish", "fr": "french", "es": "spanish", "it": "italian",
    "nl": "dutch", "pt": "portuguese", "ru": "russian", "sv": "swedish", "da": "danish", "no": "norwegian",
    "nb": "norwegian", "nn": "norwegian", "fi": "finnish", "hu": "hungarian", "ro": "romanian", "ar": "arabic",
    "hy": "armenian", "eu": "basque", "ca": "catalan", "el": "greek", "hi": "hindi", "id": "indonesian",
    "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian", "ta": "tamil", "yi": "yiddish",
}
CHINESE = "chinese"
SIMPLE = "simple"
# The Python package's Dutch is Snowball 3's new stemmer; PostgreSQL 15 has the older one.
_PYTHON_STEMMER = {"dutch": "dutch_porter"}
# The token types PostgreSQL's parser gives words (the others, numbers and e-mails, stay as written).
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
WORD_TOKEN_TYPES = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def analysis_for(language: str) -> str:
    """The analysis a transcript in this language gets: a Snowball language, chinese or simple."""
    primary = primary_subtag(language)
    if primary == "zh":
        return CHINESE
    return SNOWBALL.get(primary, SIMPLE)


def config_name(analysis: str) -> str:
    return f"talkarchive_{analysis}"


def analysed_words(text: str, analysis: str) -> Iterator[Token]:
    """The words PostgreSQL is given, cut here as the Whoosh backend cuts them (search.tokens),
    normalised and lower-cased, so Turkish I and Unicode case do not depend on the database's
    locale: apostrophes join (it's → its, stemmed to it), or in Turkish end the word (Montreal'de →
    montreal); PostgreSQL's parser would split at them, and at hyphens, differently from Whoosh."""
    turkish = analysis == "turkish"
    for token in word_tokens(text, pattern=_WORD):
        word = lower(token.text, turkish=turkish)
        token.text = word.split("'", 1)[0] if turkish else word.replace("'", "")
        yield token


def prepared_text(text: str, analysis: str) -> str:
    """What to_tsvector and phraseto_tsquery read: the words, one space apart. PostgreSQL text
    cannot hold NUL characters, so they go (a query may carry one)."""
    return " ".join(token.text for token in analysed_words(text.replace("\x00", ""), analysis))


def python_stemmer_name(analysis: str) -> str | None:
    """The same Snowball stemmer in Python (search.stemming), for highlighting (None: words are kept as written)."""
    if analysis in (SIMPLE, CHINESE):
        return None
    return _PYTHON_STEMMER.get(analysis, analysis)


def create_configurations_sql() -> list[str]:
    statements = []
    for analysis in sorted(set(SNOWBALL.values())):
        name = config_name(analysis)
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
            f"DROP TEXT SEARCH DICTIONARY IF EXISTS {name}_stem",
            # No StopWords option: every word is kept.
            f"CREATE TEXT SEARCH DICTIONARY {name}_stem (TEMPLATE = snowball, LANGUAGE = {analysis})",
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = simple)",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {WORD_TOKEN_TYPES} WITH {name}_stem",
        ]
    statements += [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config_name(SIMPLE)}",
        f"CREATE TEXT SEARCH CONFIGURATION {config_name(SIMPLE)} (COPY = simple)",
    ]
    return statements
