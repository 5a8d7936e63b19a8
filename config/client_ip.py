"""The address a request came from, for login throttling (django-axes)."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind a trusted proxy (DJANGO_SECURE_PROXY_SSL_HEADER=1, see the README's nginx
    site) the last address of X-Forwarded-For: the one the proxy itself saw and appended. Earlier
    entries come from the client and can be forged."""
    remote = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return remote
