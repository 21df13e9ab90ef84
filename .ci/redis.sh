#!/usr/bin/env bash
# Run a command against a throw-away Redis server.
#
#     .ci/redis.sh COMMAND [ARGS...]
#
# Installs Debian's redis-server package if it is missing, starts a server on 127.0.0.1 on
# a free port with no persistence, then runs COMMAND with REDIS_URL exported (and printed).
# The server is stopped and its folder removed when COMMAND ends, pass or fail.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]   (e.g. $0 make test-postgres)" >&2
  exit 2
fi

if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Redis is not installed. Install it (Debian: apt-get install redis-server) and retry." >&2
    exit 1
  fi
  echo "Installing Redis (Debian package redis-server)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends redis-server >&2
fi

workdir="$(mktemp -d /tmp/smallbiz-redis.XXXXXX)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop_server() {
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_server EXIT

redis-server --bind 127.0.0.1 --port "$port" --dir "$workdir" --save "" --appendonly no \
  --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log"
for _ in $(seq 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export REDIS_URL="redis://127.0.0.1:$port/0"
echo "Redis $(redis-server --version | awk '{print $3}') is running: REDIS_URL=$REDIS_URL" >&2

status=0
"$@" || status=$?
exit "$status"
