"""A language tag's name for people, in the interface language: `zh-Hans` → "Chinese (Simplified)" or "中文（简体）"."""

from __future__ import annotations

from functools import lru_cache

import langcodes
from django.utils import translation


def language_name(tag: str) -> str:
    """The tag itself when it names no language langcodes knows, so nothing is ever hidden."""
    return _name(tag, translation.get_language() or "en")


@lru_cache(maxsize=512)
def _name(tag: str, interface: str) -> str:
    try:
        language = langcodes.Language.get(tag)
    except (ValueError, langcodes.LanguageTagError):
        return tag
    if not language.language or "unknown" in language.display_name("en").lower():
        return tag
    return language.display_name(langcodes.standardize_tag(interface))
