"""What the results page says, on the demo archive, in English and Chinese: language names, times a person
understands, the estimated-time legend only when it applies, counts grouped and kept with their nouns."""

import re

import pytest
from django.utils import translation

from search.templatetags.search_tags import grouped

pytestmark = pytest.mark.django_db


def html_of(client, query: str, language: str = "en") -> str:
    response = client.get(f"/search/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def hit_languages(html: str) -> list[str]:
    return re.findall(r'<span class="hit-language">([^<]*)</span>', html)


def test_hits_name_their_language_in_the_interface_language(client, demo):
    query = "q=network+OR+Netzwerk&lang=de"
    assert set(hit_languages(html_of(client, query))) == {"German"}
    assert set(hit_languages(html_of(client, query, "zh-hans"))) == {"德语"}
    assert set(hit_languages(html_of(client, "q=训练"))) == {"Chinese (Simplified)"}


def test_an_untimed_hit_links_with_words_a_person_understands(client, demo):
    for language, words in (("en", "Open passage"), ("zh-hans", "打开段落")):
        html = html_of(client, "q=训练", language)
        moments = re.findall(r'<a class="moment" href="[^"]*"><abbr title="[^"]*">([^<]*)</abbr></a>', html)
        assert moments == [words] * 3
        assert "untimed" not in html and "无时间" not in html


def test_the_estimated_time_legend_shows_only_with_an_estimated_time(client, demo):
    assert "Times marked ≈ are estimated" in html_of(client, "q=scaling")  # the GTC chat's times are estimated
    assert "≈ 11:51" in html_of(client, "q=scaling")
    for query in ("q=attention", "q=训练"):  # timed; untimed
        assert 'class="legend"' not in html_of(client, query), query


def test_the_summary_keeps_each_count_with_its_noun_and_chinese_has_no_stray_space(client, demo):
    english = html_of(client, "q=attention")
    assert '<span class="nowrap">29 hits</span> in <span class="nowrap">1 talk</span>' in english
    chinese = html_of(client, "q=attention", "zh-hans")
    assert '<span class="nowrap">29 条命中</span>，分布在 <span class="nowrap">1 场演讲</span>中' in chinese


def test_counts_are_grouped_as_the_interface_language_writes_them(client, demo):
    for language in ("en", "zh-hans"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
        assert "<strong>2,133</strong>" in response.content.decode()
    with translation.override("zh-hans"):
        assert grouped(1234567) == "1,234,567"
    with translation.override("en"):
        assert grouped(999) == "999"
