"""Production settings come from the environment, and Django's deployment checks pass with them."""

import os
import subprocess
import sys

from tests.conftest import REPO


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", ARCHIVE_ENV_FILE="", **env)  # no local .env
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_variables(tmp_path):
    done = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        ARCHIVE_DATA_DIR=str(tmp_path),
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-" + "x" * 30,
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = run(["check"], ARCHIVE_DATA_DIR=str(tmp_path))
    assert done.returncode != 0 and "Set DJANGO_SECRET_KEY" in done.stderr


def test_data_dir_and_database_url_come_from_the_environment(tmp_path):
    other = tmp_path / "elsewhere.sqlite3"
    done = run(
        ["shell", "-c", "from django.conf import settings; print(settings.ARCHIVE_DATA_DIR); print(settings.DATABASES['default']['NAME'])"],
        ARCHIVE_DATA_DIR=str(tmp_path / "data"), DATABASE_URL=f"sqlite:///{other}", DJANGO_DEBUG="1",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() [-2:] == [str(tmp_path / "data"), str(other)]
