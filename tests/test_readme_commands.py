"""Every `manage.py` command the README shows runs as printed on a fresh clone after `make run` wrote its
local `.env`: no DJANGO_* variable set by hand, a fresh data directory, prompts answered at a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
PROMPTS = {
    "Username": "admin", "Email address": "admin@example.org", "Password (again)": "a long local password 42",
    "Password": "a long local password 42", "Type 'yes'": "yes",
}
# Commands that serve until stopped: started, given this long to fail, then stopped.
LONG_RUNNING = {"db_worker", "runserver"}
SYNOPSIS = re.compile(r"\b[A-Z]{2,}\b|\[")  # `PATH... [--talk SLUG]`: a synopsis, not a command line


def readme_commands() -> list[str]:
    """Arguments after `manage.py`, from code blocks and inline code, in README order, without comments."""
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"^(?:\.venv/bin/python )?manage\.py ([^#\n]+)", text, re.MULTILINE)
    found += re.findall(r"`(?:\.venv/bin/python )?manage\.py ([^`]+)`", text)
    return list(dict.fromkeys(line.strip() for line in found))


def run_at_a_terminal(args: list[str], env: dict[str, str], timeout: float = 240) -> tuple[int | None, str]:
    """Run manage.py in a pseudo-terminal, answering prompts; the exit code (None if still serving) and output."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO, env=env, stdin=follower,
                               stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    output, answered, deadline = "", 0, time.monotonic() + (8 if args[0] in LONG_RUNNING else timeout)
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    output += os.read(leader, 65536).decode("utf-8", "replace")
                except OSError:  # the command exited and closed the terminal
                    break
                tail = output[answered:]
                prompt = next((p for p in PROMPTS if re.search(rf"{re.escape(p)}[^\n]*:\s*$", tail)), None)
                if prompt:
                    os.write(leader, (PROMPTS[prompt] + "\n").encode())
                    answered = len(output)
            elif process.poll() is not None:
                break
        if process.poll() is None and args[0] in LONG_RUNNING:
            process.terminate()
            process.wait(timeout=30)
            return None, output
        return process.wait(timeout=30), output
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)


def synopsis_options(line: str) -> list[str]:
    return re.findall(r"--[a-z][a-z-]*", line)


def test_every_readme_manage_py_command_runs_as_printed(tmp_path):
    commands = readme_commands()
    assert {"load_demo", "createsuperuser", "reindex --stale", "reindex", "migrate"} <= set(commands), commands
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path / "data"), ARCHIVE_ENV_FILE=str(tmp_path / ".env"),
               DJANGO_SETTINGS_MODULE="config.settings")
    written = subprocess.run([sys.executable, "-m", "config.env_file", "--write-local-demo"], cwd=REPO, env=env,
                             capture_output=True, text=True, check=True)
    assert (tmp_path / ".env").read_text().splitlines()[-1] == "DJANGO_DEBUG=1", written.stdout
    ordered = sorted(commands, key=lambda c: c.split()[0] != "migrate")  # the README's production order
    outcomes = {}
    for line in ordered:
        if SYNOPSIS.search(line):
            name = line.split()[0]
            code, output = run_at_a_terminal([name, "--help"], env)
            missing = [option for option in synopsis_options(line) if option not in output]
            outcomes[line] = (code, missing)
        else:
            code, output = run_at_a_terminal(line.split(), env)
            outcomes[line] = (code, [output[-600:]] if code not in (0, None) else [])
    assert outcomes == {line: (None if line.split()[0] in LONG_RUNNING else 0, []) for line in ordered}
