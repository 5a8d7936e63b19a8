"""The speaker, event and list pages in both interface languages: language names, not codes or tuples; each
language's own date format."""

import datetime

import pytest

from talks.language_names import language_name
from talks.services import ImportMetadata, import_transcript
from talks.services.metadata import EventInfo, SpeakerInfo, TranscriptInfo
from talks.services.previewing import preview_cue_ranges

pytestmark = pytest.mark.django_db
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello\n"


@pytest.fixture
def talk():
    metadata = ImportMetadata(talk_slug="winter", title="Winter talk", date=datetime.date(2024, 12, 13),
                              event=EventInfo("Winter Summit", datetime.date(2024, 12, 13)),
                              speakers=(SpeakerInfo("Ada Lovelace"),), transcript=TranscriptInfo(language="zh-Hans"))
    import_transcript(data=SRT, filename="winter.srt", metadata=metadata)
    import_transcript(data=SRT.replace(b"Hello", b"Hallo"), filename="winter.de.srt", talk_slug="winter", language="de")


def test_the_speaker_page_names_its_languages(client, talk):
    english = client.get("/speakers/ada-lovelace/").content.decode()
    assert '<span class="tag">German</span><span class="tag">Chinese (Simplified)</span>' in english
    assert "(&#x27;en&#x27;, &#x27;English&#x27;)" not in english and "('en', 'English')" not in english
    chinese = client.get("/speakers/ada-lovelace/", **CHINESE).content.decode()
    assert '<span class="tag">德语</span><span class="tag">中文（简体）</span>' in chinese


def test_dates_in_each_interface_language_s_own_format(client, talk):
    assert "2024年12月13日" in client.get("/talks/", **CHINESE).content.decode()
    assert "十二月" not in client.get("/events/winter-summit/", **CHINESE).content.decode()
    assert "Dec. 13, 2024" in client.get("/talks/").content.decode()


def test_the_talk_list_offers_languages_by_name(client, talk):
    html = client.get("/talks/").content.decode()
    assert '<option value="zh-Hans">Chinese (Simplified)</option>' in html
    assert '<option value="de">German</option>' in html


def test_a_tag_no_one_knows_is_shown_as_it_is():
    assert [language_name(t) for t in ("en", "zh-Hant", "xx", "")] == ["English", "Chinese (Traditional)", "xx", ""]


@pytest.mark.parametrize(("count", "first", "last"), [
    (1, [0], []), (5, [0, 1, 2, 3, 4], []), (6, [0, 1, 2, 3, 4, 5], []), (7, [0, 1, 2], [4, 5, 6]), (10, [0, 1, 2], [7, 8, 9]),
])
def test_an_upload_preview_never_shows_a_cue_twice(count, first, last):
    head, tail = preview_cue_ranges(count)
    assert (list(range(count))[head], list(range(count))[tail]) == (first, last)
