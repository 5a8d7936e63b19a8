"""A local `.env` file: KEY=VALUE lines that manage.py and the WSGI app read before the settings.

`make run` writes one for the local demo (DJANGO_DEBUG=1), so every `manage.py` command in the README
works from a fresh clone as printed. Variables already in the environment win over the file.
ARCHIVE_ENV_FILE names another file; set it empty to read none (production, tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / ".env"
LOCAL_DEMO = "# Written by `make run` for the local demo. Not for production: there, set real variables.\nDJANGO_DEBUG=1\n"


def env_file_path() -> Path | None:
    chosen = os.environ.get("ARCHIVE_ENV_FILE")
    if chosen is None:
        return DEFAULT_PATH
    return Path(chosen) if chosen.strip() else None


def load_env_file() -> None:
    """Set each KEY=VALUE of the file that the environment does not set already."""
    path = env_file_path()
    if path is None or not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip().isidentifier():
            raise SystemExit(f"{path}, line {number}: expected KEY=VALUE, found {line!r}")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


def write_local_demo_env() -> None:
    """Write the local demo's file unless there is one already (it may hold the user's own settings)."""
    path = env_file_path() or DEFAULT_PATH
    if not path.exists():
        path.write_text(LOCAL_DEMO, encoding="utf-8")
        print(f"Wrote {path} (DJANGO_DEBUG=1 for the local demo).")


if __name__ == "__main__" and sys.argv[1:] == ["--write-local-demo"]:
    write_local_demo_env()
