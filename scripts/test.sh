#!/usr/bin/env bash
# Set up and run the whole test suite, twice: on SQLite, then the database-sensitive tests on PostgreSQL.
# Extra arguments go to both pytest runs (e.g. scripts/test.sh -q -x).
#
# PostgreSQL: TEST_DATABASE_URL when set (a server you run; the tests create and drop their own database
# on it), else a throwaway cluster that scripts/postgres.sh starts and removes.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEST_DATABASE_URL:-}" ] && [ -z "${THROWAWAY_DATABASE_URL:-}" ]; then
  scripts/setup.sh requirements-dev.txt
  scripts/install-browser.sh
  POSTGRES_SERVER_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    exec scripts/postgres.sh "$0" "$@"
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  scripts/setup.sh requirements-dev.txt
  scripts/install-browser.sh
fi
postgres_url=${TEST_DATABASE_URL:-$THROWAWAY_DATABASE_URL}

# pytest exits 5 when a selection holds no test: not a failure here.
run_pytest() {
  local status=0
  .venv/bin/python -m pytest "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    status=0
  fi
  return "$status"
}

echo "== Run 1 of 2: every test on SQLite (postgres_only tests are deselected) =="
sqlite_status=0
DATABASE_URL= run_pytest "$@" || sqlite_status=$?

echo "== Run 2 of 2: both_databases and postgres_only tests on PostgreSQL =="
postgres_status=0
DATABASE_URL=$postgres_url run_pytest -m "both_databases or postgres_only" "$@" || postgres_status=$?

echo "SQLite run: exit $sqlite_status; PostgreSQL run: exit $postgres_status"
if [ "$sqlite_status" -ne 0 ]; then
  exit "$sqlite_status"
fi
exit "$postgres_status"
