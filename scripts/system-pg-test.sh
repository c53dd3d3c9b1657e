#!/usr/bin/env bash
# Run the test suite against a throwaway server built from a system PostgreSQL installation.
#
#   scripts/system-pg-test.sh [BINDIR] [pytest args...]
#
# BINDIR defaults to /usr/lib/postgresql/15/bin. The server lives in a temporary directory, listens on
# a free loopback port with trust authentication, and is stopped and removed on exit. PostgreSQL
# refuses to run as root, so when started as root the server runs as the `postgres` OS user (or
# `nobody` when that user does not exist).
set -euo pipefail
BINDIR=${1:-/usr/lib/postgresql/15/bin}
shift || true
if [ ! -x "$BINDIR/initdb" ]; then
    echo "error: no PostgreSQL binaries in $BINDIR (initdb not found)" >&2
    exit 2
fi
cd "$(dirname "$0")/.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemactl-syspg.XXXXXX")
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    OS_USER=postgres
    id "$OS_USER" >/dev/null 2>&1 || OS_USER=nobody
    chown "$OS_USER" "$WORK"
    RUN_AS=(runuser -u "$OS_USER" --)
fi
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
    "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
"${RUN_AS[@]}" "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 2; }
"${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null \
    || { cat "$WORK/server.log" >&2; exit 2; }
VERSION=$("$BINDIR/postgres" --version)
echo "testing against $VERSION on 127.0.0.1:$PORT"
SCHEMACTL_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/postgres" PATH="$BINDIR:$PATH" .venv/bin/pytest -q "$@"
