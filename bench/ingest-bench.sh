#!/usr/bin/env bash
# Ingest into a warm node: rounds of new objects back to back, the last one measured.
#   bench/ingest-bench.sh [postgresql|sqlite] [OBJECTS] [WARM-UP ROUNDS...]
# e.g. bench/ingest-bench.sh postgresql 400000 200000 200000 starts a fresh node (and, for
# postgresql, a PostgreSQL server from Maven Central's embedded binaries), ingests 200,000 and then
# 200,000 objects to warm it up (the JIT, the database's caches), then OBJECTS more, numbered after
# them, 4 clients posting envelopes of 1,000. A warm-up round "page" pages the whole collection
# instead, "partner" pages it as a partner through 10 agreements (bench/partner.sh), "get" has 16
# clients GET objects by id for 30 s, "quietN" leaves the node alone for N seconds (its search
# indexer catches up then): to measure an ingest that follows other work. It prints each round's
# rate, the node's and the database server's CPU time over the measured round, the node's peak
# resident memory and, for postgresql, what the server wrote. `bench/taxii-bench.sh` measures the first ingest of a fresh
# node, which counts the JIT's warm-up. Node options as in taxii-bench.sh (NODE_JAVA_OPTS, NODE,
# BUILD=0). Nothing is left running afterwards. BENCH_POSTGRES (bench/node.sh) and BENCH_POSTGRES_PID
# run it on an existing PostgreSQL server, e.g. Debian's, in a database made and dropped for it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-postgresql}"
objects="${2:-400000}"
warm=("${@:3}")
[[ ${#warm[@]} -gt 0 ]] || warm=(200000 200000)
work="$(mktemp -d /tmp/entente-ingest-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port=18083
source "$here/bench/memory.sh"
source "$here/bench/partner.sh"
source "$here/bench/node.sh"
bench_setup

bench_start "$db"
# the PostgreSQL server's processes: the embedded one's, or with BENCH_POSTGRES (bench/node.sh) the
# postmaster BENCH_POSTGRES_PID names, whose children cpu_ticks and written() count
server_pids() {
  if [[ "$db" == postgresql && -n "${BENCH_POSTGRES:-}" ]]; then echo "${BENCH_POSTGRES_PID:?the pid of the postmaster of BENCH_POSTGRES}"
  else [[ "$db" == postgresql ]] && pgrep -f "postgres -D $work/pg" || true; fi
}
written() { local s=0 p q; for p in "$@"; do for q in $p $(pgrep -P "$p"); do
  s=$((s + $(awk '/^write_bytes/ {print $2}' "/proc/$q/io" 2>/dev/null || echo 0))); done; done; echo $s; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), database: $db, node: $launcher, ENTENTE_JAVA_OPTS=$node_opts"
from=0
for n in "${warm[@]}"; do
  echo -n "warm-up, "
  if [[ "$n" == page ]]; then
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$token" threat-intel 1000 2> /dev/null
  elif [[ "$n" == partner ]]; then
    if [[ -z "${partner:-}" ]]; then
      cli=(env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" java -jar "$(dirname "$launcher")/server/target/entente-exec.jar")
      partner="$(bench_partner "${cli[@]}")"
    fi
    echo -n "as partner, "
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$partner" threat-intel 1000 2> /dev/null
  elif [[ "$n" == quiet* ]]; then
    echo "quiet for ${n#quiet} s"
    sleep "${n#quiet}"
  elif [[ "$n" == get ]]; then
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator get "$url" "$token" threat-intel "$from" 16 30 2> /dev/null
  else
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$n" 4 1000 "$from" 2> /dev/null
    from=$((from + n))
  fi
done
hz=$(getconf CLK_TCK)
mapfile -t srv < <(server_pids)
n0=$(cpu_ticks "$jvm"); d0=$(cpu_ticks "${srv[@]}"); w0=$(written "${srv[@]}")
echo -n "measured, "
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$objects" 4 1000 "$from" 2> /dev/null
n1=$(cpu_ticks "$jvm"); d1=$(cpu_ticks "${srv[@]}"); w1=$(written "${srv[@]}")
echo "node CPU $(( (n1 - n0) * 1000 / hz )) ms$([[ "$db" == postgresql ]] && echo ", PostgreSQL CPU $(( (d1 - d0) * 1000 / hz )) ms, written by PostgreSQL $(( (w1 - w0) / 1048576 )) MB"), load $(cut -d' ' -f1 /proc/loadavg)"
memory_report "$node_pid" node "ingest"
