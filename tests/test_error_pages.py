"""The 404, 500 and 503 pages (issue 18, item 4; issue 20, item 6): the site's design in both interface languages;
500 and 503 render with the database blocked (pytest-django refuses any query in a test without `db`)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from config.outage import server_error, unavailable


def test_404_is_the_sites_page_in_both_languages(client, db):
    english = client.get("/no/such/page/")
    assert english.status_code == 404 and english.templates[0].name == "404.html"
    html = english.content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html and 'class="site-header"' in html
    chinese = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = chinese.content.decode()
    assert chinese.status_code == 404 and '<html lang="zh-hans">' in html and "<h1>找不到页面</h1>" in html


@pytest.mark.parametrize(("language", "heading"), [("en", "Something went wrong on our side"), ("zh-hans", "我们这边出了问题")])
def test_500_renders_without_the_database(language, heading):
    request = RequestFactory().get("/talks/")
    with translation.override(language):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500 and f'<html lang="{language}">' in html and f"<h1>{heading}</h1>" in html
    assert 'name="csrfmiddlewaretoken"' in html  # the header's language switch still works


@pytest.mark.parametrize(("language", "heading", "wait"), [
    ("en", "The archive is unavailable for a moment", "Please try again in 30 seconds."),
    ("zh-hans", "演讲档案暂时无法访问", "请在30秒后重试。"),
])
def test_503_renders_without_the_database_with_retry_after(language, heading, wait):
    request = RequestFactory().get("/talks/?speaker=x")
    with translation.override(language):
        response = unavailable(request)
    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert f"<h1>{heading}</h1>" in html and wait in html and 'href="/talks/?speaker=x"' in html


def test_a_lost_database_met_outside_a_view_is_a_503_not_a_500():
    from django.db import OperationalError

    request = RequestFactory().get("/talks/")
    try:
        raise OperationalError("connection to server at 10.0.0.5, port 5432 failed: Connection refused")
    except OperationalError:
        response = server_error(request)
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "10.0.0.5" not in response.content.decode()
