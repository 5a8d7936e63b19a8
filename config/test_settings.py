"""Settings for the test suite: production settings with a throwaway key, data dir and plain HTTP."""

import os
import tempfile

os.environ.setdefault("ARCHIVE_ENV_FILE", "")  # a developer's local .env must not change what tests see
os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("ARCHIVE_DATA_DIR", tempfile.mkdtemp(prefix="talk-archive-tests-"))

from .settings import *  # noqa: E402,F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# A replica that mirrors the test database, for the replica routing test; searches use it only where a test
# lists it in DATABASE_REPLICAS.
DATABASES.setdefault("replica1", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})  # noqa: F405
