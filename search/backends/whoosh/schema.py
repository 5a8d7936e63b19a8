from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import LANGUAGE_GROUPS, OTHER, field_name, language_analyzer

# Bump when the schema or an analysis chain changes: an index of another version is not opened,
# and `manage.py reindex` builds a new one.
SCHEMA_VERSION = "3"


def build_schema() -> Schema:
    fields = {
        "passage_id": ID(unique=True, stored=True),
        "transcript_id": ID(stored=True),
        "talk_id": ID(stored=True, sortable=True),
        "language": ID(stored=True, sortable=True),
        "language_base": ID,
        "speakers": KEYWORD(sortable=True),  # speaker ids, space-separated
        "event_id": ID(sortable=True),
        "year": ID(sortable=True),
        "date": NUMERIC(sortable=True),
        "fraction": NUMERIC(sortable=True),  # where in the transcript the passage starts, 0..10000
        "text": STORED,
        "cues": STORED,  # [segment_id, offset in text, start_ms, end_ms, estimated] per cue
    }
    for group in (*LANGUAGE_GROUPS, OTHER):
        # No separate spelling fields: they doubled the postings and halved indexing speed;
        # corrections come from the stemmed word lists (searching.py).
        fields[field_name(group)] = TEXT(analyzer=language_analyzer(group), phrase=True)
    return Schema(**fields)
