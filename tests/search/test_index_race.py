"""Writes and rebuilds never lose each other: a writer process (imports committed and rolled back, with
the transaction held open for a moment, and edits) runs against a rebuilder process doing full
`reindex` rebuilds back to back, and some batches SIGKILL one side. After each batch every word the
writer ever used is searched: it is found in exactly the transcripts whose text in the database holds
it (committed: found; rolled back or edited away: not). Without a kill nothing is repaired first; after
a kill, `reindex --stale` (what the worker's upkeep runs) must find and repair what the killed side left.
Real processes on a small archive, on each backend the database allows."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.search.conftest import BACKEND_NAMES

BATCHES = 5
REBUILDS_PER_BATCH = 12  # rounds: each rebuild runs while the writer writes
FILLER = 5  # cues besides the searched words in each import
SEED_FILES, SEED_CUES = 6, 80  # a rebuild takes long enough for writes to commit and land within it
KILLS = {1: "rebuilder", 3: "writer", 4: "rebuilder"}  # batch → the side killed mid-batch

WRITER = """
import json, random, sys, time
from django.db import transaction
from talks.models import Segment
from talks.services import import_transcript
from talks.services.editing import save_records
rng = random.Random(SEED)
log = open(LOG, "a", buffering=1)
mine = []
def word():
    return "qz" + "".join(rng.choice("bcdfghjklmnprstvw") for _ in range(8))
def srt(words):
    lines = [f"{w} spoken here" for w in words] + [f"filler line {i} of the talk" for i in range(FILLER)]
    return "".join(f"{i + 1}\\n00:{i // 60:02d}:{i % 60:02d},000 --> 00:{i // 60:02d}:{i % 60:02d},900\\n{line}\\n\\n"
                   for i, line in enumerate(lines)).encode()
class RolledBack(Exception):
    pass
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not os.path.exists(STOP):
    kind = rng.random()
    if kind < 0.25 and mine:
        transcript_id, old = rng.choice(mine)
        new = word()
        log.write(json.dumps({"op": "edit", "words": [old, new]}) + "\\n")
        segment = Segment.objects.filter(transcript_id=transcript_id, text__contains=old).first()
        if segment is None:
            continue
        segment.text = f"{new} spoken here"
        save_records(saved=[segment])
        mine.remove((transcript_id, old))
        mine.append((transcript_id, new))
        continue
    words = [word(), word(), word()]
    rollback = kind > 0.85
    log.write(json.dumps({"op": "import", "words": words, "rollback": rollback}) + "\\n")
    try:
        with transaction.atomic():
            result = import_transcript(data=srt(words), filename=f"{words[0]}.srt", title=words[0], language="en")
            time.sleep(rng.uniform(0, 0.2))  # the transaction stays open while a rebuild may start
            if rollback:
                raise RolledBack
    except RolledBack:
        continue
    mine.append((result.transcripts[0].pk, words[0]))
"""
REBUILDER = """
import json, random, time
from search.indexing import reindex
rng = random.Random(ROUNDS)
for number in range(ROUNDS):
    time.sleep(rng.uniform(0, 0.3))  # a rebuild starts at any moment of the writer's work
    started = time.monotonic()
    reindex()
    print(json.dumps({"rebuilt": number, "seconds": round(time.monotonic() - started, 2)}), flush=True)
"""
CHECK = """
import json, random
from search.backends import SearchRequest
from search.indexing import search_index
from search.query import parse_query
from talks.models import Segment
new, old = set(), set()
for number, line in enumerate(open(LOG)):
    try:
        entry = json.loads(line)
    except ValueError:
        continue  # the last line of a writer killed while writing it
    # One word per import names its transcript; an edit's old and new words both.
    words = entry["words"] if entry["op"] == "edit" else entry["words"][:1]
    (new if number >= CHECKED else old).update(words)
# This batch's words, and a sample of the earlier ones (checked after their own batch).
words = sorted(new | set(random.Random(CHECKED).sample(sorted(old), min(len(old), 20))))
wrong = {}
for w in words:
    expected = set(Segment.objects.filter(text__contains=w).values_list("transcript_id", flat=True))
    results = search_index(SearchRequest(query=parse_query(w).root, per_page=100))
    found = {hit.transcript_id for talk in results.talks for hit in talk.hits}
    if found != expected:
        wrong[w] = {"expected": sorted(expected), "found": sorted(found)}
print(json.dumps({"words": len(words), "lines": number + 1, "wrong": wrong}))
"""


class Archive:
    def __init__(self, tmp_path, database_url: str, backend: str):
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SEARCH_BACKEND"}}
        self.env = {**env, "DATABASE_URL": database_url, "SEARCH_BACKEND": backend, "PYTHONUNBUFFERED": "1",
                    "ARCHIVE_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "config.test_settings",
                    "ARCHIVE_ENV_FILE": "", "DJANGO_LOG_LEVEL": "WARNING",
                    # A write that waits longer for the index lock is handed to the worker (tests/test_worker.py);
                    # here no write may be handed over, so each one is checked at once.
                    "SEARCH_WRITE_TIMEOUT": "120"}
        self.data_dir = tmp_path / "data"
        self.log = tmp_path / "writes.jsonl"
        self.stop = tmp_path / "stop"

    def manage(self, *args) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    def start(self, code: str, **names) -> subprocess.Popen:
        values = "".join(f"{name} = {value!r}\n" for name, value in names.items())
        return subprocess.Popen([sys.executable, "manage.py", "shell", "-c", "import os\n" + values + code], cwd=REPO,
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def check(self, checked_lines: int) -> dict:
        code = f"LOG = {str(self.log)!r}\nCHECKED = {checked_lines}\n" + CHECK
        return json.loads(self.manage("shell", "-c", code).stdout.strip().splitlines()[-1])


def run_batch(archive: Archive, batch: int, rng: random.Random) -> tuple[bool, str]:
    """One writer against REBUILDS_PER_BATCH rebuilds; whether a side was killed mid-batch, and what they logged."""
    archive.stop.unlink(missing_ok=True)
    writer = archive.start(WRITER, SEED=batch, LOG=str(archive.log), STOP=str(archive.stop), FILLER=FILLER)
    rebuilder = archive.start(REBUILDER, ROUNDS=REBUILDS_PER_BATCH)
    victim = {"rebuilder": rebuilder, "writer": writer}.get(KILLS.get(batch, ""))
    killed = False
    if victim is not None:
        # Kill after a few rebuilds, at a random moment within the next one.
        for _ in range(rng.randint(2, 6)):
            assert rebuilder.stdout.readline(), rebuilder.stderr.read()[-3000:]
        time.sleep(rng.uniform(0.0, 0.3))
        killed = victim.poll() is None
        victim.send_signal(signal.SIGKILL)
    rebuilt = rebuilder.communicate(timeout=300)
    archive.stop.touch()
    written = writer.communicate(timeout=300)
    for process, (_, stderr) in ((rebuilder, rebuilt), (writer, written)):
        assert process.returncode in (0, -signal.SIGKILL), stderr[-3000:]
    return killed, (rebuilt[1] + written[1])[-3000:]


@pytest.mark.both_databases
@pytest.mark.parametrize("backend", BACKEND_NAMES)
def test_every_committed_write_is_searchable_after_rebuilds_race_it(tmp_path, process_database_url, backend):
    archive = Archive(tmp_path, process_database_url, backend)
    archive.manage("migrate", "--no-input", "-v", "0")
    seed = tmp_path / "seed"
    seed.mkdir()
    for number in range(SEED_FILES):
        (seed / f"seed-{number}.srt").write_text("".join(
            f"{i}\n00:{i // 60:02d}:{i % 60:02d},000 --> 00:{i // 60:02d}:{i % 60:02d},900\nSeed talk {number} line {i} about scaling laws\n\n"
            for i in range(1, SEED_CUES + 1)))
    archive.manage("import_transcripts", str(seed), "--language", "en")
    rng = random.Random(20)
    kills = checked_lines = 0
    for batch in range(BATCHES):
        killed, logged = run_batch(archive, batch, rng)
        kills += killed
        if batch in KILLS:  # what the killed side left half done, the worker's upkeep repairs
            archive.manage("reindex", "--stale", "--no-progress")
        checked = archive.check(checked_lines)
        assert checked["words"] > 0 and (checked["lines"] > checked_lines or KILLS.get(batch) == "writer")
        checked_lines = checked["lines"]
        assert checked["wrong"] == {}, f"batch {batch}: {checked['wrong']}\n{logged}"
    assert kills >= 2  # the kills landed while the process was running, or they proved nothing
