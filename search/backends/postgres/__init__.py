"""The PostgreSQL backend: the index lives in tables of the archive's own database (search.models
IndexedTranscript, IndexedPassage, IndexedTerm, IndexedWord), written in the transaction that
changed the transcripts, searched with GIN-indexed tsvectors within the search's time budget (StatementBudget)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.db import DatabaseError, OperationalError, ProgrammingError, connections, router, transaction

from search.backends.base import SearchBackend, SearchRequest, SearchResults, SearchUnavailable
from search.budget import Deadline, SearchTimedOut
from search.documents import TranscriptDocument
from search.models import IndexedPassage

from .compiling import compile_query
from .configs import SIMPLE, config_name
from .corrections import corrections
from .ranking import run_search
from .schema import missing_configurations, missing_tables, restore_missing
from .writing import LIVE, Tables, delete_transcripts, write_transcripts

__all__ = ["PostgresBackend"]

REBUILD_BATCH_SEGMENTS = 20_000
# A session-level advisory lock held for a whole rebuild: PostgreSQL releases it when the session ends,
# so build tables nobody holds it for were left by a rebuild that died (remove_debris drops them).
REBUILD_LOCK = 0x74616C6B  # "talk"
BUILD_TABLES_LIKE = r"search\_pg\_%\_build\_%"
MISSING_OBJECT = ("42P01", "42704")  # undefined_table, undefined_object (a text search configuration)
MISSING_INDEX = "The search index is missing parts; the worker rebuilds it (or run `manage.py reindex`)."
# Reads every table of the index and its GIN index through a configuration: what a search needs.
PROBE = (f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {LIVE.transcript} LIMIT 1) t), "
         f"(SELECT count(*) FROM (SELECT 1 FROM {LIVE.term} LIMIT 1) m), "
         f"(SELECT count(*) FROM (SELECT 1 FROM {LIVE.word} LIMIT 1) w), "
         f"(SELECT count(*) FROM (SELECT 1 FROM {LIVE.passage} "
         f"WHERE document @@ to_tsquery('{config_name(SIMPLE)}', 'probe') LIMIT 1) p)")


class PostgresBackend(SearchBackend):
    indexes_in_transaction = True

    def __init__(self, *, statement_timeout_ms: int = 3000, lock_timeout_ms: int = 10_000) -> None:
        self.statement_timeout_ms = statement_timeout_ms
        self.lock_timeout_ms = lock_timeout_ms

    @staticmethod
    def _alias(*, write: bool) -> str:
        return (router.db_for_write if write else router.db_for_read)(IndexedPassage) or "default"

    def check(self) -> None:
        """The tables and configurations exist, and a probe query through them answers."""
        alias = self._alias(write=False)
        connection = connections[alias]
        if connection.vendor != "postgresql":
            raise SearchUnavailable("SEARCH_BACKEND=postgres needs DATABASE_URL to name a PostgreSQL database.")
        with connection.cursor() as cursor:
            missing = missing_tables(cursor) + missing_configurations(cursor)
        if missing:
            raise SearchUnavailable(f"The search index is missing {', '.join(missing)}; the worker rebuilds it "
                                    "(or run `manage.py reindex`).")
        try:
            # In a savepoint: a failing probe must not abort the caller's transaction (a write's).
            with transaction.atomic(using=alias), connection.cursor() as cursor:
                cursor.execute(PROBE)
                cursor.fetchall()
        except DatabaseError as error:
            raise SearchUnavailable(f"The search index cannot be read: {type(error).__name__}; the worker rebuilds it.") from None

    def index_transcripts(self, documents: Iterable[TranscriptDocument]) -> str:
        alias = self._alias(write=True)
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            write_transcripts(cursor, documents)
            return self._generation(cursor)

    def delete_transcripts(self, transcript_ids: Iterable[int]) -> str:
        alias = self._alias(write=True)
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            delete_transcripts(cursor, [int(i) for i in transcript_ids])
            return self._generation(cursor)

    def live_generation(self) -> str | None:
        with connections[self._alias(write=True)].cursor() as cursor:
            return self._generation(cursor)

    @staticmethod
    def _generation(cursor, table: str = LIVE.transcript) -> str | None:
        """A generation is a set of tables: named by its transcript table's oid, which a rebuild's
        rename keeps. Read after a write, the table is locked by it: no swap comes in between."""
        cursor.execute("SELECT to_regclass(%s)::oid", [table])
        oid = cursor.fetchone()[0]
        return None if oid is None else f"pg-{oid}"

    def indexed_transcript_ids(self) -> set[int]:
        with connections[self._alias(write=False)].cursor() as cursor:
            cursor.execute(f"SELECT transcript_id FROM {LIVE.transcript}")
            return {row[0] for row in cursor.fetchall()}

    def rebuild(self, documents: Iterable[TranscriptDocument], *, progress: Callable[[int], None] | None = None) -> str:
        """Fill a new set of tables, then swap them in with renames in one short transaction:
        searches read the old tables until the swap commits."""
        alias = self._alias(write=True)
        build = LIVE.suffixed(f"_build_{uuid.uuid4().hex[:8]}")
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])  # one rebuild at a time
        try:  # the lock is released whatever fails below, or every later rebuild would wait for it
            restore_missing(connection)  # dropped tables or configurations: made again, empty, then rebuilt
            with connection.cursor() as cursor:
                for live, new in zip(LIVE.names(), build.names()):
                    cursor.execute(f"CREATE TABLE {new} (LIKE {live} INCLUDING ALL)")
            with connection.cursor() as cursor:
                generation = self._generation(cursor, build.transcript)
            self._fill(alias, build, documents, progress)
            self._swap(alias, build)
            return generation
        except BaseException:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {', '.join(build.names())}")
            raise
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])

    def remove_debris(self) -> list[str]:
        """Drop the build tables of a rebuild that died; none while a rebuild is running."""
        with connections[self._alias(write=True)].cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [REBUILD_LOCK])
            if not cursor.fetchone()[0]:
                return []
            try:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE %s "
                               "ORDER BY tablename", [BUILD_TABLES_LIKE])
                debris = [row[0] for row in cursor.fetchall()]
                if debris:
                    cursor.execute(f"DROP TABLE IF EXISTS {', '.join(debris)}")  # names read from pg_tables
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
        return debris

    def _fill(self, alias: str, build: Tables, documents, progress) -> None:
        batch, segments = [], 0
        for document in documents:
            batch.append(document)
            segments += len(document.segments)
            if segments >= REBUILD_BATCH_SEGMENTS:
                self._write_batch(alias, build, batch)
                batch, segments = [], 0
            if progress:
                progress(len(document.segments))
        self._write_batch(alias, build, batch)

    @staticmethod
    def _write_batch(alias: str, tables: Tables, batch: list[TranscriptDocument]) -> None:
        if batch:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                write_transcripts(cursor, batch, tables)

    def _swap(self, alias: str, build: Tables) -> None:
        old = LIVE.suffixed(f"_old_{uuid.uuid4().hex[:8]}")
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{self.lock_timeout_ms}ms"])
            # All four locked at once, before any rename: a write in progress holds some of them, and
            # taking them one by one could deadlock with it.
            cursor.execute(f"LOCK TABLE {', '.join(LIVE.names())} IN ACCESS EXCLUSIVE MODE")
            for live, new, gone in zip(LIVE.names(), build.names(), old.names()):
                cursor.execute(f"ALTER TABLE {live} RENAME TO {gone}")
                cursor.execute(f"ALTER TABLE {new} RENAME TO {live}")
            cursor.execute(f"DROP TABLE {', '.join(old.names())}")

    def search(self, request: SearchRequest) -> SearchResults:
        alias = self._alias(write=False)
        connection = connections[alias]
        budget = StatementBudget(Deadline.start(), self.statement_timeout_ms)
        try:
            with transaction.atomic(using=alias), connection.execute_wrapper(budget), connection.cursor() as cursor:
                return self._search(cursor, request)
        except OperationalError as error:
            if _timed_out(error):
                raise SearchTimedOut() from None
            raise
        except ProgrammingError as error:
            if getattr(error.__cause__, "sqlstate", None) in MISSING_OBJECT:  # a dropped table or configuration
                raise SearchUnavailable(MISSING_INDEX) from None
            raise

    def _search(self, cursor, request: SearchRequest) -> SearchResults:
        cursor.execute(f"SELECT DISTINCT analysis FROM {LIVE.transcript}")
        analyses = sorted(row[0] for row in cursor.fetchall())
        compiled = compile_query(cursor, request.query, analyses)
        if not compiled.tsqueries:
            return SearchResults(total_hits=0, total_talks=0, talks=[],
                                 corrections=self._corrections_in_time(cursor, compiled, request))
        results = run_search(cursor, compiled, request, LIVE)
        if results.total_hits < 3:
            results.corrections = self._corrections_in_time(cursor, compiled, request)
        return results

    def _corrections_in_time(self, cursor, compiled, request: SearchRequest) -> dict[str, str]:
        """Spelling suggestions are an extra: results found in time are shown without those that are not."""
        try:
            with transaction.atomic(using=cursor.db.alias):  # a savepoint: a cancelled statement undoes only this
                return corrections(cursor, compiled, request.query, LIVE)
        except SearchTimedOut:
            return {}
        except OperationalError as error:
            if _timed_out(error):
                return {}
            raise


def _timed_out(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "57014"  # query_canceled: the statement timeout


class StatementBudget:
    """Every statement of a search runs under a statement_timeout of the time the search has left (at most
    statement_timeout_ms), set in the search's own transaction: a search of many statements cannot take
    many timeouts. With no time left, the next statement is not sent."""

    def __init__(self, deadline: Deadline, statement_timeout_ms: int) -> None:
        self.deadline = deadline
        self.statement_timeout_ms = statement_timeout_ms

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(("SAVEPOINT", "ROLLBACK", "RELEASE")):  # undoing what timed out must always run
            return execute(sql, params, many, context)
        left = min(self.statement_timeout_ms, self.deadline.remaining_ms())
        if left <= 0:
            raise SearchTimedOut()
        execute("SELECT set_config('statement_timeout', %s, true)", [f"{left}ms"], False, context)
        return execute(sql, params, many, context)
