"""A search's time budget (search/budget.py): Whoosh stops collecting at the deadline, also outside the main
thread, and answers with what it found; PostgreSQL counts every statement of a search against one budget."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from search.backends import SearchRequest
from search.backends.postgres import PostgresBackend
from search.backends.whoosh import WhooshBackend
from search.backends.whoosh.searching import run_search
from search.budget import TIMED_OUT, Deadline
from search.query import QueryError, parse_query

from .test_backend_contract import transcript
from .conftest import BACKEND_OPTIONS


class ClockAfter:
    """A deadline that passes after the clock has been read `reads` times."""

    def __init__(self, reads: int) -> None:
        self.reads = reads

    def passed(self) -> bool:
        self.reads -= 1
        return self.reads < 0


def request(text: str) -> SearchRequest:
    return SearchRequest(query=parse_query(text).root, per_page=100)


def in_a_thread(function):
    """Run in another thread, as gunicorn's gthread workers do (SIGALRM cannot reach one)."""
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=function()))
    thread.start()
    thread.join(30)
    return box["result"]


@pytest.fixture
def whoosh(tmp_path):
    backend = WhooshBackend(**BACKEND_OPTIONS["whoosh"](tmp_path))
    # 100 passages holding "budget", one talk each.
    backend.index_transcripts([transcript(1 + i, 100 + i, "en", [f"The budget of talk {i}."]) for i in range(100)])
    return backend


def test_whoosh_answers_with_the_matches_found_before_the_deadline_outside_the_main_thread(whoosh):
    found = in_a_thread(lambda: run_search(whoosh.store.searcher(), request("budget"), ClockAfter(7)))
    # The clock is read at each match: 7 were in time, the 8th was not.
    assert (sum(t.hit_count for t in found.talks), found.total_talks, found.total_exact) == (7, 7, False)


def test_whoosh_with_time_left_finds_every_match(whoosh):
    found = in_a_thread(lambda: run_search(whoosh.store.searcher(), request("budget"), Deadline.start(10_000)))
    assert (found.total_hits, found.total_talks, found.total_exact) == (100, 100, True)


def test_a_spent_budget_stops_whoosh_before_it_collects_and_before_spelling(whoosh):
    found = run_search(whoosh.store.searcher(), request("budget OR budgte"), Deadline(time.monotonic()))
    assert (found.total_hits, found.talks, found.total_exact, found.corrections) == (0, [], False, {})


@pytest.fixture
def postgres(db, settings):
    settings.SEARCH_TIME_BUDGET_MS = 300
    backend = PostgresBackend(statement_timeout_ms=3000)
    backend.index_transcripts([transcript(1, 100, "en", ["Statements share one budget."])])
    return backend


@pytest.mark.postgres_only
def test_every_statement_of_a_postgres_search_counts_against_one_budget(postgres, settings):
    sent = []

    def slow_client(execute, sql, params, many, context):
        if "SAVEPOINT" not in sql:  # the test's own transaction
            sent.append(sql)
        time.sleep(0.1)  # each statement costs 0.1 s more: a search of several is over its 0.3 s
        return execute(sql, params, many, context)

    with connection.execute_wrapper(slow_client), pytest.raises(QueryError, match=TIMED_OUT):
        postgres.search(request("statements"))
    # A search sends several statements; at 0.1 s each, the 0.3 s are spent by the second or third.
    assert len(sent) in (2, 3), sent
    settings.SEARCH_TIME_BUDGET_MS = 10_000
    assert postgres.search(request("statements")).total_hits == 1


@pytest.mark.postgres_only
def test_a_postgres_statement_gets_only_the_time_left(postgres):
    def first_statement_sleeps(execute, sql, params, many, context):
        if "SELECT DISTINCT analysis" in sql:
            sql, params = "SELECT pg_sleep(1)::text", []  # under the old fixed 3 s statement_timeout this ran
        return execute(sql, params, many, context)

    started = time.monotonic()
    with connection.execute_wrapper(first_statement_sleeps), pytest.raises(QueryError, match=TIMED_OUT):
        postgres.search(request("statements"))
    assert time.monotonic() - started < 0.6


@pytest.mark.postgres_only
def test_a_postgres_search_out_of_time_for_spelling_answers_without_suggestions(postgres, settings):
    settings.SEARCH_TIME_BUDGET_MS = 10_000
    assert postgres.search(request("statments")).corrections == {"statments": "statements"}

    def spelling_sleeps(execute, sql, params, many, context):
        if "ORDER BY w.term <->" in sql:  # the spelling candidates (search.backends.postgres.corrections)
            sql, params = "SELECT '', pg_sleep(20)::text::bigint", []
        return execute(sql, params, many, context)

    settings.SEARCH_TIME_BUDGET_MS = 300
    started = time.monotonic()
    with connection.execute_wrapper(spelling_sleeps):
        found = postgres.search(request("statments"))
    assert (found.total_hits, found.corrections) == (0, {}) and time.monotonic() - started < 0.6
