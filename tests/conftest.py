from pathlib import Path

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
