"""/speakers/, /events/, /about/, the footer and header links, /favicon.ico."""

import datetime
import re

import pytest

from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import EventInfo, SpeakerInfo

pytestmark = pytest.mark.django_db
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def srt(word):
    return f"1\n00:00:01,000 --> 00:00:02,000\n{word}\n".encode()


@pytest.fixture
def archive():
    """Three speakers (one with two talks, one lower-case, one Chinese), two events, and a speaker with no talk left."""
    def talk(slug, speakers, event=None):
        metadata = ImportMetadata(talk_slug=slug, title=slug.title(), event=event,
                                  speakers=tuple(SpeakerInfo(name) for name in speakers))
        import_transcript(data=srt(slug), filename=f"{slug}.srt", language="en", metadata=metadata)

    summit = EventInfo("Winter Summit", datetime.date(2024, 12, 13), "Oslo, Norway")
    talk("one", ["Zoe Zhang", "ada lovelace"], summit)
    talk("two", ["Zoe Zhang"], summit)
    talk("three", ["李飞飞", "Bob Byte"], EventInfo("autumn School"))
    from talks.models import Speaker
    Speaker.objects.create(name="Nobody Now", slug="nobody-now")


def rows(html):
    return [(name, count) for name, count in re.findall(r'<li><a href="[^"]+">([^<]+)</a>\s*<span class="directory__count">([^<]+)</span>', html)]


def test_speakers_alphabetical_in_any_case_with_their_talk_counts(client, archive):
    html = client.get("/speakers/").content.decode()
    assert rows(html) == [("ada lovelace", "1 talk"), ("Bob Byte", "1 talk"), ("Zoe Zhang", "2 talks"), ("李飞飞", "1 talk")]
    assert "4 speakers, in alphabetical order" in html and 'href="/speakers/zoe-zhang/"' in html


def test_events_alphabetical_with_counts_dates_and_places(client, archive):
    html = client.get("/events/").content.decode()
    assert rows(html) == [("autumn School", "1 talk"), ("Winter Summit", "2 talks")]
    assert '<time datetime="2024-12-13">Dec. 13, 2024</time> · Oslo, Norway' in html


def test_directories_in_chinese(client, archive):
    speakers = client.get("/speakers/", **CHINESE).content.decode()
    assert rows(speakers)[2] == ("Zoe Zhang", "2 场演讲")
    assert "4 位演讲者，按字母顺序排列" in speakers and "<h1>演讲者</h1>" in speakers
    events = client.get("/events/", **CHINESE).content.decode()
    assert "2 个活动，按字母顺序排列" in events and "<h1>活动</h1>" in events and "2024年12月13日" in events


def test_empty_directories_say_so(client, db):
    assert "No speakers yet." in client.get("/speakers/").content.decode()
    assert "没有活动" in client.get("/events/", **CHINESE).content.decode()


def test_the_brand_goes_home_and_header_and_footer_link_the_directories(client, archive):
    html = client.get("/speakers/").content.decode()
    assert re.search(r'<a class="brand" href="/">', html)
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == ["/talks/", "/speakers/", "/events/"]
    assert '<a href="/speakers/" aria-current="page">' in nav
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', footer) == ["/talks/", "/speakers/", "/events/", "/about/", "/about/#api", "/about/#feeds"]


def test_the_about_page_explains_the_api_and_the_feeds_in_both_languages(client, db):
    english = client.get("/about/").content.decode()
    assert 'id="api"' in english and "<code>GET /api/search?q=…</code>" in english
    assert 'id="feeds"' in english and "<code>/search/feed/?q=…</code> is an Atom feed" in english
    chinese = client.get("/about/", **CHINESE).content.decode()
    assert "<h1>关于本档案</h1>" in chinese and "是匹配的演讲和片段的 Atom 订阅源" in chinese
    assert '浏览<a href="/talks/">演讲</a>' in chinese


def test_favicon_is_a_real_icon_served_at_the_root(client, db):
    response = client.get("/favicon.ico")
    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    assert body[:6] == b"\0\0\1\0\3\0"  # an ICO file holding three images
    assert [body[6 + 16 * i] for i in range(3)] == [16, 32, 48]
    assert body.count(b"\x89PNG") == 3
