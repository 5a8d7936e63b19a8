"""Which language a transcript is in, as a BCP 47 tag."""

from __future__ import annotations

import functools

import langcodes

from .chinese import han_ratio, is_traditional


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    # Low-accuracy mode loads in 0.1 s and 28 MB (the full models: 1.5 s, 240 MB); whole
    # transcripts are long enough for it.
    languages = [getattr(Language, name) for name in _LINGUA_NAMES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


_LINGUA_NAMES = (
    "ENGLISH", "GERMAN", "TURKISH", "FRENCH", "SPANISH", "ITALIAN", "DUTCH", "PORTUGUESE", "RUSSIAN",
    "SWEDISH", "DANISH", "BOKMAL", "FINNISH", "HUNGARIAN", "ROMANIAN", "POLISH", "JAPANESE", "KOREAN",
)


def detect_language(text: str) -> str | None:
    """A tag such as `en`, `de`, `zh-Hans` or `zh-Hant`; None when the text says too little."""
    sample = text[:20000]
    if not sample.strip():
        return None
    if han_ratio(sample) > 0.3:
        return "zh-Hant" if is_traditional(sample) else "zh-Hans"
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    return "nb" if found.name == "BOKMAL" else found.iso_code_639_1.name.lower()


def normalise_language_tag(tag: str) -> str:
    """`zh-hans` → `zh-Hans`, `deu` → `de`; ValueError for anything that is not a language tag."""
    cleaned = tag.strip().replace("_", "-")
    if not cleaned or not langcodes.tag_is_valid(cleaned):
        raise ValueError(f"'{tag}' is not a BCP 47 language tag (such as en, de, tr, zh-Hans)")
    return langcodes.standardize_tag(cleaned)


def primary_subtag(tag: str) -> str:
    """The language without script or region, lower-cased: `zh-Hans` → `zh`, `EN_gb` → `en`."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def is_primary_only(tag: str) -> bool:
    """True for a bare language such as `en` or `ZH`, which stands for all its scripts and regions."""
    cleaned = tag.strip().replace("_", "-")
    return bool(cleaned) and "-" not in cleaned


def same_language(tag: str, other: str) -> bool:
    """`zh-Hans` and `zh-Hant`, `en` and `en-GB`: the same language, whatever the script or region."""
    return primary_subtag(tag) == primary_subtag(other)


def matches_language_range(tag: str, wanted: str) -> bool:
    """RFC 4647 basic filtering, case-insensitive: `en` matches `en` and `en-GB`; `zh-Hans` matches
    `zh-Hans` and `zh-Hans-CN` but not `zh-Hant`. Every language filter uses this rule."""
    tag, wanted = (t.strip().replace("_", "-").lower() for t in (tag, wanted))
    return bool(wanted) and (tag == wanted or tag.startswith(wanted + "-"))
