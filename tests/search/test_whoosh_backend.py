"""What only the Whoosh backend promises, beyond the contract every backend passes."""

import pytest

from search.backends.base import SearchRequest
from search.backends.whoosh import WhooshBackend
from search.query import QueryError, parse_query

from .test_backend_contract import ENGLISH, GERMAN, transcript


@pytest.fixture
def whoosh(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index", write_timeout=2.0)
    backend.index_transcripts([ENGLISH, GERMAN])
    return backend


def ask(backend, text, **options):
    return backend.search(SearchRequest(query=parse_query(text).root, **options))


def test_a_phrase_is_one_merged_mark(whoosh):
    assert "<mark>very basic things</mark>" in ask(whoosh, '"very basic things"').talks[0].hits[0].snippet_html


def test_corrections_are_spelt_as_in_the_text(whoosh):
    assert ask(whoosh, "netwrk").corrections == {"netwrk": "network"}
    assert ask(whoosh, "Organisatorn").corrections == {"Organisatorn": "organisatoren"}


def test_the_prefix_cap_says_why(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index", write_timeout=2.0)
    words = [f"ab{i:04d}" for i in range(400)]
    backend.index_transcripts([transcript(5, 50, "en", [" ".join(words[i:i + 40]) for i in range(0, 400, 40)])])
    with pytest.raises(QueryError, match="'ab\\*' matches too many words; give more letters before the \\*."):
        ask(backend, "ab*")
