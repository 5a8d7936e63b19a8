"""Content-Security-Policy on every page, no inline script or style for it to block, and admin logins
limited by django-axes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings

from config.client_ip import client_ip

REPO = Path(__file__).resolve().parent.parent
POLICY = (
    "default-src 'self'; base-uri 'self'; connect-src 'self' https://player.bilibili.com; font-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.bilibili.com; "
    "img-src 'self' data:; object-src 'none'; script-src 'self' https://www.youtube.com; style-src 'self'"
)
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.IGNORECASE),
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
    "style= attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "on…= handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def policy_directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("path", ["/", "/talks/", "/api/talks", "/admin/login/"])
def test_every_page_carries_the_policy(client, db, path):
    assert policy_directives(client.get(path)["Content-Security-Policy"]) == policy_directives(POLICY)


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for template in sorted((REPO / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        found += [f"{template.relative_to(REPO)}: {what}" for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


def test_no_script_writes_inline_styles_or_handlers_as_markup():
    markup_style = re.compile(r"setAttribute\(\s*['\"](?:style|on[a-z]+)['\"]|\beval\(|new Function\(|\.innerHTML\s*=\s*[^;]*style=")
    found = [str(path.relative_to(REPO)) for path in sorted((REPO / "static").rglob("*.js"))
             if markup_style.search(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="correct horse battery", is_staff=True, is_superuser=True)


def login(client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})


def test_admin_login_is_refused_after_five_failures_even_with_the_right_password(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [login(client, f"wrong {n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks out
    refused = login(client, "correct horse battery")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_clears_the_count(client, editor):
    for n in range(4):
        login(client, f"wrong {n}")
    assert login(client, "correct horse battery").status_code == 302
    client.logout()
    assert [login(client, f"wrong again {n}").status_code for n in range(4)] == [200] * 4


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_without_a_proxy_forwarded_headers_are_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "198.51.100.2"
