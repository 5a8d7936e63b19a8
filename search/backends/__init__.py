"""The configured search backend: settings.SEARCH_BACKEND names the class, SEARCH_BACKEND_OPTIONS its options."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .base import SearchBackend, SearchRequest, SearchResults, SearchUnavailable

__all__ = ["SearchBackend", "SearchRequest", "SearchResults", "SearchUnavailable", "get_backend"]


@functools.cache
def get_backend() -> SearchBackend:
    return import_string(settings.SEARCH_BACKEND)(**settings.SEARCH_BACKEND_OPTIONS)


def _reset(setting, **kwargs):
    if setting in {"SEARCH_BACKEND", "SEARCH_BACKEND_OPTIONS"}:
        get_backend.cache_clear()


setting_changed.connect(_reset)
