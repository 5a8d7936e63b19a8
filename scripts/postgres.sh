#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL cluster: scripts/postgres.sh COMMAND [ARGS...]
#
# The cluster lives in a temp directory (data and Unix socket), listens on no TCP port, trusts local
# connections, and is stopped and removed when the command ends, whether it passed, failed or was
# interrupted. The command sees its address as THROWAWAY_DATABASE_URL (postgres://postgres@<socket dir>/postgres).
# The server comes from the machine (Debian: /usr/lib/postgresql/<version>/bin); when there is none, Debian's
# `postgresql` package is installed. PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
# POSTGRES_SERVER_OPTIONS adds server settings, e.g. "-c fsync=off" for tests.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/postgres.sh COMMAND [ARGS...]" >&2
  exit 2
fi

find_server() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

bindir=$(find_server)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is missing: run 'sudo apt-get install postgresql' (or this script as root), or set TEST_DATABASE_URL." >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian's postgresql package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir=$(find_server)
  if [ -z "$bindir" ]; then
    echo "The postgresql package installed no initdb under /usr/lib/postgresql/*/bin." >&2
    exit 1
  fi
fi

as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
  as_server_user=(runuser -u postgres --)
fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/talk-archive-pg.XXXXXX")
chmod 700 "$cluster"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$cluster"
fi

stop_cluster() {
  local status=$?
  if [ -f "$cluster/data/postmaster.pid" ]; then
    "${as_server_user[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_server_user[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
"${as_server_user[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start \
  -o "-c listen_addresses='' -c unix_socket_directories='$cluster' -c max_connections=200 ${POSTGRES_SERVER_OPTIONS:-}" \
  >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }

export THROWAWAY_DATABASE_URL="postgres://postgres@${cluster//\//%2F}/postgres"
set +e
"$@"
status=$?
set -e
exit "$status"
