#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server.
#
#     .ci/postgres.sh COMMAND [ARGS...]
#
# Installs Debian's postgresql package if no server binaries are found, creates a data
# directory under /tmp, starts the server on 127.0.0.1 on a free port, creates the
# `smallbiz` user and database, then runs COMMAND with DATABASE_URL exported (and printed).
# The server is stopped and its data directory removed when COMMAND ends, pass or fail.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]   (e.g. $0 make test-postgres)" >&2
  exit 2
fi

# The newest Debian server binaries, or nothing (without failing) when none are installed.
find_bindir() {
  { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1
}

bindir="$(find_bindir)"
if [ -z "$bindir" ] && command -v pg_config >/dev/null; then
  bindir="$(pg_config --bindir)"
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed. Install it (Debian: apt-get install postgresql) and retry." >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian package postgresql)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir="$(find_bindir)"
fi

# The server refuses to run as root: as root, run it as the `postgres` user Debian creates.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

workdir="$(mktemp -d /tmp/smallbiz-postgres.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$workdir"
fi
datadir="$workdir/data"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop_server() {
  as_server_user "$bindir/pg_ctl" -D "$datadir" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_server EXIT

as_server_user "$bindir/initdb" -D "$datadir" -U postgres --auth-local=trust \
  --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_server_user "$bindir/pg_ctl" -D "$datadir" -l "$workdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c full_page_writes=off" \
  start >/dev/null

psql_admin() {
  as_server_user "$bindir/psql" -h "$workdir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
}
# CREATEDB: the test runner creates (and drops) its own test database.
psql_admin -c "CREATE ROLE smallbiz LOGIN CREATEDB PASSWORD 'smallbiz'"
psql_admin -c "CREATE DATABASE smallbiz OWNER smallbiz"

export DATABASE_URL="postgres://smallbiz:smallbiz@127.0.0.1:$port/smallbiz"
echo "PostgreSQL $(psql_admin -c 'SHOW server_version') is running: DATABASE_URL=$DATABASE_URL" >&2

status=0
"$@" || status=$?
exit "$status"
