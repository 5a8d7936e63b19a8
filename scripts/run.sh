#!/usr/bin/env bash
# Set up, load the demo archive and serve it on http://127.0.0.1:8000 (local demo: DEBUG on, SQLite),
# with the background worker beside the web server. Ctrl-C stops both.
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

# The worker runs what must not hold up a request: index writes that had to wait, repairs, batch imports.
.venv/bin/python manage.py db_worker &
worker=$!
.venv/bin/gunicorn config.wsgi -c config/gunicorn.conf.py &
web=$!
stop() {
  trap - INT TERM EXIT
  kill -TERM "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
}
trap stop INT TERM EXIT
cat <<'READY'

Talk Archive: open http://127.0.0.1:8000/ (Ctrl-C stops it).
Make an admin account for http://127.0.0.1:8000/admin/ with:  .venv/bin/python manage.py createsuperuser

READY
# Whichever stops first (or Ctrl-C) stops the other.
wait -n "$web" "$worker" || true
