"""The contract every search backend passes, run once per backend available on the current database
(tests/search/conftest.py). A backend that cannot do something names it in unsupported_features and
that test is skipped with the backend's reason; details of one engine live in its own test module."""

import threading

import pytest

from search.backends.base import SearchRequest
from search.documents import SegmentDocument, TranscriptDocument
from search.query import QueryError, parse_query

pytestmark = pytest.mark.both_databases


def transcript(transcript_id, talk_id, language, texts, *, timed=True, speakers=(1,), year=2024, speaker_per_segment=None):
    segments = tuple(
        SegmentDocument(
            segment_id=transcript_id * 1000 + i, position=i, text=text,
            start_ms=i * 3000 if timed else None, end_ms=i * 3000 + 2500 if timed else None,
            speaker_id=speaker_per_segment[i] if speaker_per_segment else None,
        )
        for i, text in enumerate(texts)
    )
    return TranscriptDocument(transcript_id=transcript_id, talk_id=talk_id, language=language, segments=segments,
                              speaker_ids=tuple(speakers), event_id=7, year=year, date_ordinal=year * 400)


# Passages: cues 0-2 (one sentence), cue 3, cue 4.
ENGLISH = transcript(1, 10, "en", [
    "So I want to talk about a few very",
    "basic things that everyone",
    "should know.",
    "Running large networks on many machines is fun.",
    "Then we trained the network for days.",
])
GERMAN = transcript(2, 10, "de", ["Wir haben das Netzwerk trainiert.", "Die Organisatoren danken allen."], year=2024)
CHINESE = transcript(3, 11, "zh-Hans", ["我们认为深度学习", "是一个很好的方法训练它"], timed=False, speakers=(2,), year=2023)
TURKISH = transcript(4, 12, "tr", ["Veri, yapay zekanın fosil yakıtıdır."], speakers=(3,), year=2023)


def requires(backend, feature):
    reason = backend.unsupported_features.get(feature)
    if reason:
        pytest.skip(f"{type(backend).__name__}: {reason}")


def ask(backend, text, **options):
    return backend.search(SearchRequest(query=parse_query(text).root, **options))


@pytest.fixture
def filled(backend):
    backend.index_transcripts([ENGLISH, GERMAN, CHINESE, TURKISH])
    return backend


def talk_ids(results):
    return [t.talk_id for t in results.talks]


def test_a_phrase_across_two_cues_links_to_the_cue_where_it_starts(filled):
    results = ask(filled, '"very basic things"')
    hit = results.talks[0].hits[0]
    assert (hit.segment_id, hit.start_ms, hit.end_ms) == (1000, 0, 5500)
    assert hit.snippet_html.replace("</mark> <mark>", " ").count("<mark>very basic things</mark>") == 1


def test_stemming_inflections_and_languages(filled):
    assert talk_ids(ask(filled, "run")) == [10]
    assert ask(filled, "train").total_hits == 1  # English "trained"; German "trainiert" has its own stem
    assert [h.language for h in ask(filled, "trainiert").talks[0].hits] == ["de"]
    assert talk_ids(ask(filled, "yakıt")) == [12]


def test_chinese_words_characters_and_traditional_queries(filled):
    for query in ["学习", "深", "訓練", "深度学习", '"深度学习是"']:
        assert talk_ids(ask(filled, query)) == [11], query
    hit = ask(filled, "训练").talks[0].hits[0]
    assert hit.start_ms is None and hit.segment_id == 3001 and "<mark>训练</mark>" in hit.snippet_html


def test_boolean_queries(filled):
    assert set(talk_ids(ask(filled, "network OR 学习"))) == {10, 11}
    assert ask(filled, "network -days").total_hits == 1
    assert ask(filled, "network NOT days").talks[0].hits[0].text.startswith("Running large networks")
    assert ask(filled, "network days").talks[0].hits[0].segment_id == 1004
    assert ask(filled, "networ*").total_hits == 2


def test_filters_narrow_without_reaching_other_fields(filled):
    assert talk_ids(ask(filled, "network OR netzwerk", languages=("de",))) == [10]
    assert [h.language for h in ask(filled, "network OR netzwerk", languages=("de",)).talks[0].hits] == ["de"]
    assert talk_ids(ask(filled, "学习", languages=("zh",))) == [11]
    assert talk_ids(ask(filled, "学习", languages=("en",))) == []
    assert talk_ids(ask(filled, "network", speaker_ids=(2,))) == []
    assert talk_ids(ask(filled, "学习", speaker_ids=(2,), years=(2023,))) == [11]
    assert talk_ids(ask(filled, "network", talk_ids=(11,))) == []
    assert ask(filled, "transcript_id:1").total_hits == 0


def test_results_are_grouped_by_talk_with_counts_facets_and_moments(filled):
    results = ask(filled, "network OR netzwerk OR 学习")
    assert results.total_talks == 2 and sum(t.hit_count for t in results.talks) == results.total_hits
    english_talk = next(t for t in results.talks if t.talk_id == 10)
    assert english_talk.hit_count == 3 and all(0 <= m <= 1 for m in english_talk.moments)
    assert results.facets["language"] == {"en": 2, "de": 1, "zh-Hans": 1}
    assert results.facets["year"] == {"2024": 3, "2023": 1}


def test_sort_by_date_and_pagination(filled):
    assert talk_ids(ask(filled, "network OR 学习 OR yakıt", sort="date"))[0] == 10
    first = ask(filled, "network OR 学习 OR yakıt", per_page=2, page=1)
    second = ask(filled, "network OR 学习 OR yakıt", per_page=2, page=2)
    assert first.total_talks == 3 and len(first.talks) == 2 and len(second.talks) == 1
    assert not set(talk_ids(first)) & set(talk_ids(second))


def test_snippets_escape_the_text(backend):
    backend.index_transcripts([transcript(9, 90, "en", ['<script>alert("x")</script> network & "quotes"'])])
    html = ask(backend, "network").talks[0].hits[0].snippet_html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>network</mark>" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_a_misspelt_word_gets_a_correction(filled):
    assert ask(filled, "netwrk").corrections.keys() == {"netwrk"}
    assert ask(filled, ask(filled, "netwrk").corrections["netwrk"]).total_hits > 0
    assert ask(filled, "network").corrections == {}


def test_prefix_expansion_is_bounded(backend):
    words = [f"ab{i:04d}" for i in range(400)]
    backend.index_transcripts([transcript(5, 50, "en", [" ".join(words[i:i + 40]) for i in range(0, 400, 40)])])
    with pytest.raises(QueryError):
        ask(backend, "ab*")
    assert ask(backend, "ab000*").total_hits == 1


def test_reindexing_a_transcript_replaces_its_documents(filled):
    changed = transcript(1, 10, "en", ["Completely new words about transformers."])
    filled.index_transcripts([changed])
    assert ask(filled, "network", languages=("en",)).total_hits == 0
    assert ask(filled, "transformers").total_hits == 1


def test_delete_and_list_indexed_transcripts(filled):
    assert filled.indexed_transcript_ids() == {1, 2, 3, 4}
    filled.delete_transcripts([2, 999])
    assert filled.indexed_transcript_ids() == {1, 3, 4}
    assert ask(filled, "netzwerk").total_hits == 0


def test_rebuild_replaces_everything(filled):
    progress = []
    filled.rebuild([GERMAN], progress=progress.append)
    assert filled.indexed_transcript_ids() == {2} and progress == [2]
    assert ask(filled, "学习").total_hits == 0


def test_speaker_of_each_passage_is_used_for_the_speaker_filter(backend):
    backend.index_transcripts([transcript(6, 60, "en", ["Alice talks about data.", "Bob talks about data."],
                                          speakers=(1, 2), speaker_per_segment=[1, 2])])
    hits = ask(backend, "data", speaker_ids=(2,)).talks[0].hits
    assert [h.text for h in hits] == ["Bob talks about data."]


def test_searches_keep_answering_during_a_rebuild(transactional_db, filled):
    big = [transcript(100 + i, 200 + i, "en", [f"network filler sentence number {j}." for j in range(50)]) for i in range(40)]
    failures, answered = [], []
    done = threading.Event()

    def search_loop():
        while not done.is_set():
            try:
                answered.append(ask(filled, "network").total_hits)
            except Exception as error:  # noqa: BLE001 - any failure fails the test below
                failures.append(error)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        filled.rebuild([ENGLISH, GERMAN, CHINESE, TURKISH, *big])
    finally:
        done.set()
        thread.join()
    assert not failures and answered and min(answered) >= 2
    assert ask(filled, "network").total_hits > 40


def test_event_filter(filled):
    requires(filled, "event_filter")
    assert talk_ids(ask(filled, "network", event_ids=(7,))) == [10]
    assert talk_ids(ask(filled, "network", event_ids=(8,))) == []
