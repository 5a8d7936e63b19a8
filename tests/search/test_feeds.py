"""Follow a search: /search/feed/ as Atom, read back by a real feed parser; new talks first; bad parameters 400."""

import json

import feedparser
import pytest

from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import SpeakerInfo, TranscriptInfo

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def srt(*lines: str) -> bytes:
    return "\n".join(f"{n}\n00:00:{n * 10:02d},000 --> 00:00:{n * 10 + 5:02d},000\n{line}\n"
                     for n, line in enumerate(lines, start=1)).encode()


def add_talk(capture, slug: str, title: str, speaker: str, *lines: str):
    with capture(execute=True):
        import_transcript(data=srt(*lines), filename=f"{slug}.srt", metadata=ImportMetadata(
            talk_slug=slug, title=title, speakers=(SpeakerInfo(speaker),), transcript=TranscriptInfo(language="en")))


def read_feed(client, query: str):
    response = client.get(f"/search/feed/?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return feedparser.parse(response.content)


def test_the_feed_is_atom_and_lists_a_newly_imported_talk_first(client, django_capture_on_commit_callbacks):
    add_talk(django_capture_on_commit_callbacks, "older", "The older talk", "Ada Lovelace",
             "Welcome.", "Scaling laws held for years.")
    before = read_feed(client, "q=%22scaling+laws%22")
    assert before.bozo is False and before.version == "atom10"
    assert before.feed.title == "“\"scaling laws\"” in the Talk Archive"
    assert before.feed.id == "http://testserver/search/?q=%22scaling+laws%22"
    assert [e.title for e in before.entries] == ["The older talk"]

    add_talk(django_capture_on_commit_callbacks, "newer", "The newer talk", "Alan Turing",
             "Do scaling laws hold? They do.")
    add_talk(django_capture_on_commit_callbacks, "other", "Another talk", "Alan Turing", "Nothing about it.")
    feed = read_feed(client, "q=%22scaling+laws%22")
    assert [e.title for e in feed.entries] == ["The newer talk", "The older talk"]
    newest = feed.entries[0]
    assert newest.id == "http://testserver/talks/newer/"
    assert newest.link.startswith("http://testserver/talks/newer/?t=10&lang=en&transcript=")
    assert newest.author == "Alan Turing"
    assert "Do <strong>scaling laws</strong> hold? They do." in newest.summary and ">0:10</a>" in newest.summary
    assert newest.updated_parsed >= feed.entries[1].updated_parsed
    assert {link.rel: link.href for link in feed.feed.links}["self"] == (
        "http://testserver/search/feed/?q=%22scaling+laws%22")


def test_the_feed_takes_the_filters_of_the_search_page(client, django_capture_on_commit_callbacks):
    add_talk(django_capture_on_commit_callbacks, "one", "Talk one", "Ada Lovelace", "Scaling laws.")
    add_talk(django_capture_on_commit_callbacks, "two", "Talk two", "Alan Turing", "Scaling laws again.")
    assert [e.title for e in read_feed(client, "q=scaling&speaker=alan-turing").entries] == ["Talk two"]
    assert [e.title for e in read_feed(client, "q=scaling+speaker:ada").entries] == ["Talk one"]
    assert read_feed(client, "q=scaling&speaker=nobody").entries == []
    assert read_feed(client, "q=scaling&page=7&sort=nonsense").version == "atom10"  # not a feed's parameters


def test_the_results_page_links_its_feed(client, django_capture_on_commit_callbacks):
    add_talk(django_capture_on_commit_callbacks, "one", "Talk one", "Ada Lovelace", "Scaling laws.")
    html = client.get("/search/?q=scaling&lang=en&page=1&sort=date").content.decode()
    feed_url = "/search/feed/?q=scaling&amp;lang=en"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed_url}"' in html
    assert f'<a href="{feed_url}" class="feed-link">Follow this search (Atom feed)</a>' in html
    nothing = client.get("/search/?q=zzzz").content.decode()  # followed before any talk says it
    assert '<link rel="alternate" type="application/atom+xml" href="/search/feed/?q=zzzz"' in nothing


@pytest.mark.parametrize(("query", "message"), [
    ("", "Give a query as ?q=…"),
    ("q=scaling&year=abc", "year: 'abc' is not a whole number (digits 0-9). Give a year such as 2024."),
    ("q=" + "(" * 10 + "x", "Parentheses are nested too deep; the limit is 8."),
    ("q=scaling&lang=%21%21", "lang: '!!' is not a BCP 47 language tag (such as en, de, tr, zh-Hans)"),
    ("q=scaling%00", "q: contains a control character."),
    ("q=" + "x" * 501, "q: is 501 characters long; the limit is 500."),
])
def test_bad_parameters_answer_400_like_the_api(client, query, message):
    response = client.get(f"/search/feed/?{query}")
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": message}
