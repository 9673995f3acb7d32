#!/usr/bin/env bash
# `npm run test:at -- "2028-02-29 09:30:00"`: the whole `npm test` as if it were
# that instant (UTC), to prove the suite is date-proof (docs/time-and-days.md).
#
# Every process (tests, the Next server, Chromium, and a throwaway PostgreSQL
# server of our own) runs under libfaketime with the same *offset* from the real
# clock, so they agree with each other: "@<instant>" would restart the clock in
# every new process, and a shared PostgreSQL server would keep the real date.
#
# Needs the Debian packages faketime and postgresql (initdb, pg_ctl).
set -euo pipefail
cd "$(dirname "$0")/.."

instant="${1:?usage: test-at-instant.sh \"YYYY-MM-DD HH:MM:SS\" (UTC) [npm script, default test] [its arguments…]}"
script="${2:-test}"
target=$(date -u -d "$instant" +%s)
offset=$((target - $(date -u +%s)))
lib=$(find /usr/lib -name 'libfaketime.so.1' -path '*faketime*' 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "libfaketime not found: apt-get install faketime" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }

export FAKETIME="$( [ "$offset" -ge 0 ] && echo "+$offset" || echo "$offset" )"
export FAKETIME_DONT_RESET=1
export TZ=UTC

data=$(mktemp -d /tmp/portal-test-at.XXXXXX)
port=$((20000 + RANDOM % 20000))
run_as=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$data"; run_as=(su postgres -s /bin/bash -c); else run_as=(bash -c); fi
stop() {
  "${run_as[@]}" "LD_PRELOAD=$lib FAKETIME='$FAKETIME' $pgbin/pg_ctl -D '$data/db' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${run_as[@]}" "$pgbin/initdb -D '$data/db' -A trust -U postgres" >/dev/null
"${run_as[@]}" "LD_PRELOAD=$lib FAKETIME='$FAKETIME' $pgbin/pg_ctl -D '$data/db' -l '$data/postgres.log' -w -o '-p $port -k $data -c listen_addresses=127.0.0.1' start" >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE portal_test_at"
export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/portal_test_at"

echo "▶ npm run $script at $(LD_PRELOAD=$lib date -u '+%Y-%m-%d %H:%M:%S UTC') (FAKETIME=$FAKETIME; the database says $(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"))"
LD_PRELOAD="$lib" npm run "$script" -- "${@:3}"
