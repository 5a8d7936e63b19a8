import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO / "fixtures" / "demo"

SEEDS = {
    "subtitles": DEMO_DIR / "sutskever-neurips-2024-subtitles-en-de-tr.txt",
    "bilibili_en": DEMO_DIR / "sutskever-neurips-2024-bilibili-en.txt",
    "bilibili_zh": DEMO_DIR / "sutskever-neurips-2024-bilibili-zh.txt",
    "youtube_page": DEMO_DIR / "huang-sutskever-gtc-2023-youtube-page.txt",
    "whisper": DEMO_DIR / "wei-chung-stanford-cs25-whisper.txt",
}


@pytest.fixture
def seed_bytes():
    return lambda name: SEEDS[name].read_bytes()


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """Every test gets an index of its own, so no test sees another's documents."""
    if settings.SEARCH_BACKEND.endswith("WhooshBackend"):
        settings.SEARCH_BACKEND_OPTIONS = {**settings.SEARCH_BACKEND_OPTIONS, "path": tmp_path / "index", "write_timeout": 2.0}
    return tmp_path / "index"


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo archive, loaded through the real command; the after-commit indexing runs as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))


def pytest_collection_modifyitems(config, items):
    """On SQLite the PostgreSQL-only tests are deselected, not skipped: scripts/test.sh runs them on PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and on PostgreSQL no session left on it at the end (a connection kept
    by a finished test thread would otherwise stop the test database from being dropped)."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def process_database_url(tmp_path, django_db_blocker):
    """A DATABASE_URL for manage.py and servers started as separate processes, with a database of its own:
    a file in the test's temp dir on SQLite; on PostgreSQL a new, empty database on the test server,
    dropped afterwards. Never the database the developer runs."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'process.sqlite3'}"
        return
    name = f"talk_archive_process_{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = connection.settings_dict
    yield _postgres_url(settings_dict, name)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_url(settings_dict, name: str) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = quote(settings_dict["HOST"] or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{name}"
