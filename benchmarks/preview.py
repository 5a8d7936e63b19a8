"""Previewing one long WebVTT file, as the admin's upload preview does: time and peak Python memory
(tracemalloc) of the bounded sample (talks.services.previewing) against parsing the whole file.
Not part of the test suite.

    .venv/bin/python -m benchmarks.preview --cues 100000
    .venv/bin/python -m benchmarks.preview --cues 700000     # the size issue 20 measured (37 s, ~1 GB)
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

import django


def webvtt(cues: int) -> bytes:
    def stamp(ms: int) -> str:
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
    return ("WEBVTT\n\n" + "".join(f"{stamp(i * 1000)} --> {stamp(i * 1000 + 900)}\nCue {i}: the keeper trims the lamp.\n\n"
                                   for i in range(cues))).encode()


def measure(label: str, run) -> None:
    """Time first, then memory in a second run (tracemalloc slows Python down several times)."""
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<22} {seconds:7.2f} s   peak {peak / 2**20:8.1f} MiB   {result}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=100_000)
    cues = parser.parse_args().cues
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    django.setup()
    from talks.models import StagedFile
    from talks.parsing import parse_transcript
    from talks.services.previewing import preview

    data = webvtt(cues)
    print(f"{cues:,} cues, {len(data) / 2**20:.1f} MiB")
    measure("preview (sample)", lambda: f"{preview(staged_file=StagedFile(name='long.vtt', content=data)).segment_count:,} cues")
    measure("whole-file parse", lambda: f"{parse_transcript(data, filename='long.vtt').cue_count:,} cues")


if __name__ == "__main__":
    main()
