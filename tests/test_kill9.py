"""kill -9 in the middle of `import_transcripts` and of `reindex` never leaves a half-imported file, and
after `reindex --stale` the index holds exactly the database's transcripts. Real processes, real
SIGKILLs at varied moments; a few rounds each, on a small archive."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FILES, CUES = 6, 120
ROUNDS = 2
CHECK = """
import json
from search.backends import get_backend
from talks.models import SourceFile, Transcript
counts = {t.pk: t.segments.count() for t in Transcript.objects.all()}
print(json.dumps({"segment_counts": sorted(set(counts.values())), "transcripts": sorted(counts),
                  "files_without_transcripts": SourceFile.objects.filter(transcripts=None).count(),
                  "indexed": sorted(get_backend().indexed_transcript_ids())}))
"""


def srt(number: int) -> bytes:
    cues = [f"{i}\n00:{i // 60:02d}:{i % 60:02d},000 --> 00:{i // 60:02d}:{i % 60:02d},900\n"
            f"Talk {number} line {i} about fuel, scaling and pretraining.\n" for i in range(1, CUES + 1)]
    return "\n".join(cues).encode()


@pytest.fixture
def archive(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="config.test_settings", ARCHIVE_ENV_FILE="")
    folder = tmp_path / "talks"
    folder.mkdir()
    for number in range(FILES):
        (folder / f"talk-{number:02d}.srt").write_bytes(srt(number))
    manage(env, "migrate", "--no-input", "-v", "0")
    return env, folder


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def kill_after(env, delay: float, *args, after_first_line: bool = False) -> bool:
    """Start a command and SIGKILL it `delay` seconds after it starts (or after it reports its first file);
    True if it was still running when killed."""
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO, env={**env, "PYTHONUNBUFFERED": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if after_first_line:
            process.stdout.readline()
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    finally:
        process.stdout.close()


def state(env) -> dict:
    done = manage(env, "shell", "-c", CHECK)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_consistent_after_repair(env) -> dict:
    before = state(env)
    assert before["files_without_transcripts"] == 0  # no file stored without its transcript
    assert set(before["segment_counts"]) <= {CUES}  # every transcript has all its cues, or does not exist
    repaired = manage(env, "reindex", "--stale", "--no-progress")
    assert repaired.returncode == 0, repaired.stderr
    after = state(env)
    assert after["indexed"] == after["transcripts"] == before["transcripts"]
    return after


def test_kill_9_during_a_folder_import_leaves_whole_talks_only(archive):
    env, folder = archive
    rng = random.Random(9)
    killed = 0
    for _ in range(ROUNDS):
        killed += kill_after(env, rng.uniform(0.0, 0.5), "import_transcripts", str(folder), "--language", "en",
                             after_first_line=True)
        assert_consistent_after_repair(env)
    finished = manage(env, "import_transcripts", str(folder), "--language", "en")
    assert finished.returncode == 0, finished.stderr
    assert len(assert_consistent_after_repair(env)["transcripts"]) == FILES
    assert killed >= 1  # at least one kill landed mid-import, or the test proved nothing


def test_kill_9_during_reindex_leaves_an_index_that_reindex_stale_repairs(archive):
    env, folder = archive
    assert manage(env, "import_transcripts", str(folder), "--language", "en").returncode == 0
    started = time.monotonic()
    assert manage(env, "reindex", "--no-progress").returncode == 0
    full_run = time.monotonic() - started  # the kills below land between 30% and 95% of a whole run
    rng = random.Random(99)
    killed = 0
    for _ in range(ROUNDS):
        killed += kill_after(env, rng.uniform(0.3, 0.95) * full_run, "reindex", "--no-progress")
        assert len(assert_consistent_after_repair(env)["indexed"]) == FILES
    assert killed >= 1
