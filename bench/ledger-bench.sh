#!/usr/bin/env bash
# Disclosure-ledger benchmark of issue 3: fills a fresh database with ENTRIES realistic entries
# through Ledger.append, one transaction per page of 1,000 (prints the append rate), then times
# `entente ledger verify` RUNS times with /usr/bin/time.
#   bench/ledger-bench.sh [sqlite|postgresql] [ENTRIES] [RUNS]
# The SQLite file (about 650 bytes per entry) or the PostgreSQL data folder goes to
# ENTENTE_BENCH_DIR (default: a new folder in /tmp), which is kept: run again with the same
# ENTENTE_BENCH_DIR to time verification again without filling. Nothing is left running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-sqlite}"
entries="${2:-10000000}"
runs="${3:-3}"
work="${ENTENTE_BENCH_DIR:-$(mktemp -d /tmp/entente-ledger-XXXXXX)}"
mkdir -p "$work"

(cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server,bench -am package)
bench=(java -cp "$here/bench/target/entente-bench.jar")

pids=()
# a folder it made goes too, unless KEEP_WORK=1 (ENTENTE_BENCH_DIR is kept: a ledger to reuse)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  [[ -n "${ENTENTE_BENCH_DIR:-}" || "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

if [[ "$db" == postgresql ]]; then
  # PostgresServer cleans its data folder on start, so a PostgreSQL ledger is always filled anew
  rm -f "$work/filled" "$work/pg.url"
  "${bench[@]}" org.entente.bench.taxii.PostgresServer "$work/pg" > "$work/pg.url" 2> "$work/pg.log" &
  pids+=($!)
  for _ in $(seq 1 120); do [[ -s "$work/pg.url" ]] && break; sleep 0.5; done
  url="$(cat "$work/pg.url")"
else
  url="jdbc:sqlite:$work/entente.db"
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), database: $db, entries: $entries"
if [[ ! -e "$work/filled" ]]; then
  "${bench[@]}" org.entente.bench.ledger.LedgerFill "$url" "$entries" 1000 2> "$work/fill.log"
  touch "$work/filled"
fi
[[ "$db" == sqlite ]] && echo "database file: $(du -h "$work/entente.db" | cut -f1)"
for i in $(seq 1 "$runs"); do
  echo "load average before run $i: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "whole command: wall %e s, user %U s, sys %S s, max RSS %M KB" \
    java -jar "$here/server/target/entente-exec.jar" ledger verify --database "$url" 2>&1 \
    | grep -v "Admin token"
done
