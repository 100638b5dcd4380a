#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and benchmarks (issue 20):
#
#   pg-test.sh start DIR   initdb into DIR/data (once), start on a free loopback
#                          port, print the superuser's URI (also in DIR/uri).
#                          Idempotent: a running cluster just prints its URI.
#   pg-test.sh stop DIR    stop it and delete DIR/data.
#
# Run as root (CI), the cluster runs as the `postgres` user (initdb refuses
# root); when that user cannot reach DIR (a build tree under /root), the
# cluster goes to a directory in /tmp instead, removed again by stop. Only 127.0.0.1 is listened on, trust auth, the Unix socket in DIR.
# Debian's binaries: /usr/lib/postgresql/<version>/bin (PG_BIN overrides).
# When PostgreSQL cannot start, this says why on stderr and exits 1: the tests
# that need it then fail with that reason (they are never skipped).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ] || { [ "$cmd" != start ] && [ "$cmd" != stop ]; }; then
  echo "usage: pg-test.sh start|stop DIR" >&2
  exit 2
fi

die() {
  echo "pg-test: $*" >&2
  exit 1
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# Where the cluster itself lives: DIR, unless the postgres user cannot reach
# it (a build tree under /root): then a directory in /tmp, named in DIR/run-dir.
run_dir=$dir
[ -f "$dir/run-dir" ] && run_dir=$(cat "$dir/run-dir")
data=$run_dir/data

if [ "$cmd" = stop ] && [ ! -d "$data" ]; then
  rm -f "$dir/uri"
  exit 0
fi

if [ -z "${PG_BIN:-}" ]; then
  for b in /usr/lib/postgresql/*/bin; do
    [ -x "$b/initdb" ] && PG_BIN=$b
  done
fi
[ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] ||
  die "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin: install Debian's postgresql (provisioning/dev/deps.sh)"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# One caller at a time (tests run in parallel).
exec 9>"$dir/.lock"
flock 9
cd "$dir"

if [ "$cmd" = stop ]; then
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data" "$dir/uri"
  if [ "$run_dir" != "$dir" ]; then rm -rf "$run_dir" "$dir/run-dir"; fi
  exit 0
fi

if [ -f "$dir/uri" ] && [ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  cat "$dir/uri"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user (Debian's postgresql package makes it)"
  chown postgres:postgres "$dir"
  if [ "$run_dir" = "$dir" ] && ! runuser -u postgres -- test -w "$dir"; then
    # A parent of DIR is not searchable by postgres (e.g. /root): run the cluster from /tmp.
    run_dir=$(mktemp -d /tmp/kiosk-pg-test.XXXXXX)
    chown postgres:postgres "$run_dir"
    echo "$run_dir" >"$dir/run-dir"
    data=$run_dir/data
  fi
  runuser -u postgres -- test -w "$run_dir" ||
    die "the postgres user cannot write $run_dir"
fi

if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"
  as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --no-locale --encoding=UTF8 >"$dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

base=${PG_TEST_PORT:-$((54400 + RANDOM % 500))}
for try in $(seq 0 19); do
  port=$((base + try))
  port_in_use "$port" && continue
  rm -f "$run_dir/server.log"
  if as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$run_dir/server.log" -w -t 30 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$run_dir -c max_connections=100 -c synchronous_commit=on" \
    start >/dev/null 2>&1 9>&-; then
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/uri"
    cat "$dir/uri"
    exit 0
  fi
  # Someone took the port between our check and the bind: try the next one.
  grep -q "could not bind\|Address already in use" "$run_dir/server.log" 2>/dev/null && continue
  die "PostgreSQL did not start: $(tail -n 3 "$run_dir/server.log" 2>/dev/null | tr '\n' ' ')"
done
die "PostgreSQL did not start: no free port from $base to $((base + 19))"
