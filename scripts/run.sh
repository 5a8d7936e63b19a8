#!/usr/bin/env bash
# Set up, load the demo archive and serve it on http://127.0.0.1:8000 (local demo: DEBUG on, SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
# A local .env (DJANGO_DEBUG=1) that manage.py reads too, so the README's manage.py commands work as printed.
.venv/bin/python -m config.env_file --write-local-demo
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_demo
# Index whatever is not indexed yet (a fresh index, or one left behind by an interrupted run).
.venv/bin/python manage.py reindex --stale --no-progress
cat <<'READY'

Talk Archive: open http://127.0.0.1:8000/ (Ctrl-C stops it).
Make an admin account for http://127.0.0.1:8000/admin/ with:  .venv/bin/python manage.py createsuperuser

READY
exec .venv/bin/gunicorn config.wsgi -c config/gunicorn.conf.py
