"""Settings come from the environment; the defaults are the safe production ones.

ARCHIVE_DATA_DIR   where the SQLite database and the search index live (default: var/)
DATABASE_URL       optional database override, e.g. postgres://user:pass@host/db
DATABASE_REPLICA_URLS          comma-separated read replicas of DATABASE_URL; searches read from them
DJANGO_SECRET_KEY  required unless DJANGO_DEBUG is on
DJANGO_DEBUG       1/true/yes for local development; off by default
DJANGO_ALLOWED_HOSTS           comma-separated host names
DJANGO_CSRF_TRUSTED_ORIGINS    comma-separated origins, e.g. https://archive.example.org
DJANGO_SECURE_SSL_REDIRECT     default on when DEBUG is off; turn off only behind a proxy that redirects
DJANGO_SECURE_PROXY_SSL_HEADER 1 when a proxy sets X-Forwarded-Proto
DJANGO_HSTS_SECONDS            default 31536000 when DEBUG is off
DJANGO_HSTS_PRELOAD            default on (with subdomains); set 0 before a domain is ready for the preload list
TRANSCRIPT_MAX_BYTES           largest transcript file accepted (default 20 MiB)
UPLOAD_INLINE_MAX_BYTES        admin uploads larger than this are imported by the worker (default 256 KiB)
TRANSCRIPT_MAX_CUES            most cues (segments) one transcript file may hold (default 1000000)
JOB_LEASE_SECONDS              a running upload job whose worker is silent this long is resumed by another (default 120)
SQLITE_LOCK_TIMEOUT            seconds a write waits for SQLite's lock before answering 503 (default 5)
SEARCH_WRITE_TIMEOUT           seconds a request waits for the index lock before the worker takes over (default 2)
SEARCH_UPKEEP_SECONDS          how often the worker repairs the index when all is well (default 60)
SEARCH_BACKEND                 whoosh (default) or postgres (needs DATABASE_URL to be PostgreSQL)
SEARCH_STATEMENT_TIMEOUT_MS    how long one statement of a PostgreSQL search may run (default 3000)
SEARCH_TIME_BUDGET_MS          how long one search may run on any backend (default 1000; search/budget.py)
DATABASE_CONNECT_TIMEOUT       seconds to wait for a PostgreSQL server that does not answer (default 5)
DISK_MIN_FREE_MB               /healthz reports low disk below this much free space (default 512)
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import csp.constants as csp

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

ARCHIVE_DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "talks.apps.LoginProtectionConfig",  # django-axes
    "talks.apps.TalksConfig",
    "search.apps.SearchConfig",
    # Background work (index writes that had to wait, repairs, batch imports): `manage.py db_worker`.
    # After search, whose db_worker (which also schedules the upkeep) takes precedence.
    "django_tasks",
    "talks.apps.BackgroundJobsConfig",  # django_tasks_db
]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Compresses HTML and JSON (a 1,600-cue talk page: 300 KB → 50 KB). Django pads each compressed
    # response with random bytes and masks the CSRF token per response: the BREACH mitigations.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database that cannot be reached answers 503 + Retry-After with templates/503.html (config/outage.py).
    "config.outage.DatabaseOutageMiddleware",
    "talks.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{ARCHIVE_DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets searches read while an import writes; the timeout waits out a writer's lock (imports
    # commit talk by talk), and ends well before gunicorn's 30 s timeout: a request that meets a
    # longer lock answers 503 "busy, try again" (talks.middleware).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": float(os.environ.get("SQLITE_LOCK_TIMEOUT", 5)),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # A database host that does not answer (a network cut) is given up on after this many seconds, so a
    # request answers 503 instead of hanging (libpq waits forever by default).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 5)))
# Read replicas serve searches (config/routers.py); every write and every other read uses the primary.
DATABASE_REPLICAS: list[str] = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASE_REPLICAS.append(f"replica{number}")
    DATABASES[f"replica{number}"] = dj_database_url.parse(url, conn_max_age=60)
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # Chinese counts grouped as CLDR writes them: 2,133
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ARCHIVE_DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by whitenoise: /favicon.ico (made by scripts/make_favicon.py).
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Transcript files are read whole into memory; this caps what one upload may be.
TRANSCRIPT_MAX_BYTES = int(os.environ.get("TRANSCRIPT_MAX_BYTES", 20 * 1024 * 1024))
TRANSCRIPT_MAX_CUES = int(os.environ.get("TRANSCRIPT_MAX_CUES", 1_000_000))

# A talk page shows a long transcript in parts of this many cues (talks/windows.py): a 1M-cue transcript's
# page costs what a short one's does.
TALK_PAGE_CUES = int(os.environ.get("TALK_PAGE_CUES", 1000))

# Content-Security-Policy: no inline script or style anywhere (templates pass data in data-* attributes
# or json_script); frames only from the two video players; the YouTube player API is the one outside script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, "https://www.youtube.com"],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF, "https://player.bilibili.com"],  # talk.js: is the Bilibili player reachable?
        "frame-src": ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.bilibili.com"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# Admin logins: after AXES_FAILURE_LIMIT failures for one username from one address, that pair is refused
# (429) for AXES_COOLOFF_MINUTES; a successful login clears the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # otherwise every manage.py command prints a banner to stderr
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One console handler on the root logger. Django's own "django" handler is removed (with DEBUG it printed every
# line of django.* twice, e.g. the reloader's); a 400 answer is the visitor's mistake (a bad query or parameter),
# not a warning; the worker's upkeep is logged only when it changed or failed something (search.tasks).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_client_errors": {"()": "config.log_filters.NoClientErrors"},
        "quiet_upkeep": {"()": "config.log_filters.QuietUpkeep"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_client_errors", "quiet_upkeep"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# SEARCH_BACKEND=whoosh (the default: an index directory, nothing to install) or postgres (tables
# in the PostgreSQL database DATABASE_URL names, shared by every app server).
SEARCH_BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshBackend",
    "postgres": "search.backends.postgres.PostgresBackend",
}
_search_backend = os.environ.get("SEARCH_BACKEND", "whoosh")
if _search_backend not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {_search_backend!r}.")
SEARCH_BACKEND = SEARCH_BACKENDS[_search_backend]
SEARCH_BACKEND_OPTIONS = {
    "whoosh": {
        "path": ARCHIVE_DATA_DIR / "index",
        # How long an index write in a request waits for another writer's lock (well under gunicorn's
        # 30 s timeout) before it is handed to the worker, which retries with backoff.
        "write_timeout": float(os.environ.get("SEARCH_WRITE_TIMEOUT", 2)),
        "rebuild_procs": int(os.environ.get("SEARCH_REBUILD_PROCS", 1)),
    },
    # Every search runs under this statement_timeout; a longer one is refused with a message.
    "postgres": {"statement_timeout_ms": int(os.environ.get("SEARCH_STATEMENT_TIMEOUT_MS", 3000))},
}[_search_backend]

# How long one search may run, on any backend (search/budget.py): Whoosh answers with what it found by
# then, PostgreSQL refuses the search. Short, so that a few expensive searches at once cannot hold every thread.
SEARCH_TIME_BUDGET_MS = int(os.environ.get("SEARCH_TIME_BUDGET_MS", 1000))

# How often the worker (`manage.py db_worker`) repairs the index when all is well: stale transcripts,
# a lost index, a killed rebuild's leftovers, abandoned uploads. Failures back off up to 30 minutes.
SEARCH_UPKEEP_SECONDS = float(os.environ.get("SEARCH_UPKEEP_SECONDS", 60))

# /healthz reports "disk": "low" when the file system of ARCHIVE_DATA_DIR (or of the search index, when it
# is mounted apart) has less free space than this, before writes start to fail.
DISK_MIN_FREE_MB = int(os.environ.get("DISK_MIN_FREE_MB", 512))

# Admin uploads: limits enforced while the request is received (files wait between preview and
# confirmation in the database, talks.StagedFile).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 100 * 1024 * 1024))
UPLOAD_MAX_FILES = int(os.environ.get("UPLOAD_MAX_FILES", 50))
# A confirmed upload with more bytes than this is imported by the worker, file by file with its
# progress in the jobs list, so no request parses and indexes for long (about 4,000 cues).
UPLOAD_INLINE_MAX_BYTES = int(os.environ.get("UPLOAD_INLINE_MAX_BYTES", 256 * 1024))
# The worker running an upload job renews its lease every JOB_LEASE_SECONDS / 6; a job silent for a whole lease
# lost its worker and is queued again (by the upkeep), to resume from its next file not yet imported.
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", 120))
