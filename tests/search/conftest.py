"""The search backends a test can run on: Whoosh always, PostgreSQL when the default database is
PostgreSQL (scripts/test.sh runs the both_databases tests a second time against a real one)."""

import pytest
from django.conf import settings as django_settings

from search.backends import get_backend

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
BACKEND_NAMES = ["whoosh", "postgres"] if ON_POSTGRES else ["whoosh"]
BACKEND_OPTIONS = {  # options for a test, given a directory of its own
    "whoosh": lambda directory: {"path": directory / "index", "write_timeout": 2.0},
    "postgres": lambda directory: {"statement_timeout_ms": 3000},
}


@pytest.fixture(params=BACKEND_NAMES)
def backend_name(request, settings, tmp_path):
    """Switches settings.SEARCH_BACKEND to each available backend in turn."""
    name = request.param
    if name == "postgres":
        # Its index is in the database: the test's own transaction, or a committing one when
        # the test asks for it (other threads' connections then see the data).
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    settings.SEARCH_BACKEND = settings.SEARCH_BACKENDS[name]
    settings.SEARCH_BACKEND_OPTIONS = BACKEND_OPTIONS[name](tmp_path)
    return name


@pytest.fixture
def backend(backend_name):
    return get_backend()

