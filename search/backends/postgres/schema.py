"""The parts the PostgreSQL index is made of (tables, their indexes, text search configurations):
what is missing is found by check() and made again by a rebuild, so a dropped table or configuration
is repaired by `manage.py reindex` or the worker, not by hand."""

from __future__ import annotations

from search.models import IndexedPassage, IndexedTerm, IndexedTranscript, IndexedWord

from .configs import SIMPLE, SNOWBALL, config_name, create_configurations_sql
from .writing import LIVE

MODELS = {model._meta.db_table: model for model in (IndexedTranscript, IndexedPassage, IndexedTerm, IndexedWord)}
# The indexes search reads through (as in migration 0002), unnamed: PostgreSQL names them.
TABLE_INDEXES = {
    LIVE.passage: ["USING gin (document)", "(talk_id)"],
    LIVE.term: ["(transcript_id)"],
    LIVE.word: ["(analysis, term text_pattern_ops)", "USING gist (term gist_trgm_ops)"],
}
CONFIGURATIONS = sorted({config_name(analysis) for analysis in SNOWBALL.values()} | {config_name(SIMPLE)})


def missing_tables(cursor) -> list[str]:
    cursor.execute("SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NULL ORDER BY t", [list(LIVE.names())])
    return [row[0] for row in cursor.fetchall()]


def missing_configurations(cursor) -> list[str]:
    cursor.execute("SELECT c FROM unnest(%s::text[]) AS c WHERE NOT EXISTS "
                   "(SELECT 1 FROM pg_ts_config WHERE cfgname = c AND pg_ts_config_is_visible(oid)) ORDER BY c",
                   [CONFIGURATIONS])
    return [row[0] for row in cursor.fetchall()]


def restore_missing(connection) -> list[str]:
    """Create the tables and configurations that are missing (empty: a rebuild fills them); returns their names."""
    with connection.cursor() as cursor:
        tables, configurations = missing_tables(cursor), missing_configurations(cursor)
        if configurations:
            for statement in create_configurations_sql():
                cursor.execute(statement)
        if tables:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    if tables:
        with connection.schema_editor() as editor:
            for table in tables:
                editor.create_model(MODELS[table])
                for index in TABLE_INDEXES.get(table, []):
                    editor.execute(f"CREATE INDEX ON {table} {index}")
    return tables + configurations
