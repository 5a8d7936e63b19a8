"""DATABASE_REPLICA_URLS: searches read from a replica, everything else uses the primary. The replica here is
Django's test MIRROR of the test database (config/test_settings.py), so it holds what the primary committed."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from config.routers import search_reads
from search.service import Filters, search_archive
from talks.models import Talk
from talks.services import import_transcript

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db(transaction=True, databases=["default", "replica1"])]

SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.fixture
def replica(settings, backend_name):
    """The search backend is switched first (tests/search/conftest.py), so the import indexes into it."""
    settings.DATABASE_REPLICAS = ["replica1"]
    import_transcript(data=SRT, filename="kenobi.srt", title="Hello There", language="en")  # committed: no test transaction
    return "replica1"


def queries_by_database(work):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica1"]) as copy:
        result = work()
    return result, len(primary.captured_queries), len(copy.captured_queries)


def tables_read(captured) -> set[str]:
    tables = ("talks_talk", "talks_transcript", "search_pg_passage")
    return {table for query in captured for table in tables if table in query["sql"]}


def test_a_search_reads_only_from_the_replica(replica, backend_name):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica1"]) as copy:
        results = search_archive(q="kenobi")
    assert [(t.talk.slug, t.hit_count) for t in results.talks] == [("hello-there", 1)]
    assert primary.captured_queries == []
    index_tables = {"search_pg_passage"} if backend_name == "postgres" else set()
    assert tables_read(copy.captured_queries) == {"talks_talk", "talks_transcript"} | index_tables


def test_filters_are_looked_up_on_the_replica_too(replica):
    results, on_primary, on_replica = queries_by_database(lambda: search_archive(q="kenobi", filters=Filters(talks=["hello-there"])))
    assert results.total_hits == 1
    assert on_primary == 0


def test_reads_outside_a_search_and_every_write_use_the_primary(replica):
    def work():
        with search_reads():
            Talk.objects.create(title="Written during a search", slug="written")
        return list(Talk.objects.order_by("slug").values_list("slug", flat=True))

    slugs, on_primary, on_replica = queries_by_database(work)
    assert slugs == ["hello-there", "written"]
    assert (on_primary, on_replica) == (2, 0)


def test_a_search_inside_a_write_transaction_reads_the_primary(replica):
    with transaction.atomic():
        Talk.objects.filter(slug="hello-there").update(title="Renamed in this transaction")
        results, on_primary, on_replica = queries_by_database(lambda: search_archive(q="kenobi"))
    assert [t.talk.title for t in results.talks] == ["Renamed in this transaction"]
    assert on_replica == 0
