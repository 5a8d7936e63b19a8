"""What only the PostgreSQL backend does: the common-word path, writes that roll back with the
transaction, stop words kept, its own check."""

import pytest
from django.db import connection, connections, transaction

from search.backends.base import SearchRequest, SearchUnavailable
from search.backends.postgres import REBUILD_LOCK, PostgresBackend
from search.backends.postgres.ranking import MAX_SCORED
from search.query import parse_query

from .test_backend_contract import transcript

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def postgres(db):
    return PostgresBackend()


def ask(backend, text, **options):
    return backend.search(SearchRequest(query=parse_query(text).root, **options))


def many_talks(talks=30, passages=40):
    """talks × passages passages holding "common"; talk i also says "rare" in its first passage."""
    return [
        transcript(100 + i, 500 + i, "en", [f"Common words appear in sentence {j} of talk {i}." + (" Rare." if j == 0 else "")
                                           for j in range(passages)], speakers=(1 + i % 3,), year=2000 + i)
        for i in range(talks)
    ]


def test_a_word_in_more_passages_than_are_scored_ranks_talks_from_word_counts(postgres):
    postgres.index_transcripts(many_talks())
    first, third = ask(postgres, "common", page=1), ask(postgres, "common", page=3)
    assert 30 * 40 > MAX_SCORED and not first.total_exact
    assert first.total_talks == 30 and first.total_hits == 30 * 40
    assert [t.hit_count for t in first.talks] == [40] * 10 and len(first.talks[0].moments) == 40
    assert len(third.talks) == 10 and not {t.talk_id for t in first.talks} & {t.talk_id for t in third.talks}
    assert first.talks[0].hits[0].snippet_html.startswith("<mark>Common</mark> words")
    assert first.facets["speaker"] == {"1": 400, "2": 400, "3": 400}
    assert [t.talk_id for t in ask(postgres, "common", sort="date").talks][:3] == [529, 528, 527]


def test_the_common_path_confirms_talks_passage_by_passage(postgres):
    postgres.index_transcripts(many_talks())
    # Every transcript holds both words, but only one passage per talk has them together.
    results = ask(postgres, '"common words" rare')
    assert results.total_exact and results.total_hits == 30
    filtered = ask(postgres, "common", speaker_ids=(2,), per_page=20)
    assert filtered.total_talks == 10 and {t.talk_id for t in filtered.talks} == {500 + i for i in range(30) if i % 3 == 1}


def test_a_rolled_back_write_leaves_nothing_in_the_index(postgres):
    with pytest.raises(RuntimeError), transaction.atomic():
        postgres.index_transcripts([transcript(1, 10, "en", ["Ephemeral words."])])
        assert ask(postgres, "ephemeral").total_hits == 1  # visible inside the writing transaction
        raise RuntimeError("the import failed after indexing")
    assert ask(postgres, "ephemeral").total_hits == 0 and postgres.indexed_transcript_ids() == set()


def test_stop_words_are_kept(postgres):
    postgres.index_transcripts([transcript(1, 10, "en", ["To be or not to be, that is the question."]),
                                transcript(2, 11, "de", ["Sein oder nicht sein, das ist hier die Frage."])])
    assert [t.talk_id for t in ask(postgres, '"to be or not to be"').talks] == [10]
    assert [t.talk_id for t in ask(postgres, '"das ist hier die"').talks] == [11]


def test_check_names_what_is_missing(postgres):
    postgres.check()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_pg_passage RENAME TO search_pg_passage_away")
    with pytest.raises(SearchUnavailable, match=r"^The search index is missing search_pg_passage; the worker rebuilds it"):
        postgres.check()


def test_a_dead_rebuilds_tables_are_removed_but_not_a_running_ones(postgres):
    with connection.cursor() as cursor:
        for table in ("search_pg_passage", "search_pg_word"):
            cursor.execute(f"CREATE TABLE {table}_build_dead (LIKE {table} INCLUDING ALL)")
    running = connections.create_connection("default")  # another session, as a rebuild in another process
    try:
        with running.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
        assert postgres.remove_debris() == []
        with running.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
    finally:
        running.close()
    assert postgres.remove_debris() == ["search_pg_passage_build_dead", "search_pg_word_build_dead"]
    assert postgres.remove_debris() == []
    postgres.check()


SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n".format


def test_an_import_is_indexed_in_its_own_transaction(postgres, settings, django_capture_on_commit_callbacks):
    from talks.services import import_transcript

    settings.SEARCH_BACKEND = settings.SEARCH_BACKENDS["postgres"]
    settings.SEARCH_BACKEND_OPTIONS = {"statement_timeout_ms": 3000}
    with pytest.raises(RuntimeError), transaction.atomic():
        import_transcript(data=SRT("Quantum chromodynamics lecture").encode(), filename="q.srt", language="en")
        assert ask(postgres, "chromodynamics").total_hits == 1  # written with the data, before any commit
        raise RuntimeError("a later step of the same transaction failed")
    assert ask(postgres, "chromodynamics").total_hits == 0
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        import_transcript(data=SRT("Quantum chromodynamics lecture").encode(), filename="q.srt", language="en")
    assert after_commit and ask(postgres, "chromodynamics").total_hits == 1  # before the after-commit callbacks ran
