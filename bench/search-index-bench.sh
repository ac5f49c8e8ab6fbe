#!/usr/bin/env bash
# The search indexer's catch-up after an ingest (docs/adr/0015, 0049): rounds of OBJECTS new
# objects ingested by 4 clients in envelopes of 1,000, each followed by the wait until the indexer
# has reached them all (bench's SearchCaughtUp, reading the node's database beside it).
#   bench/search-index-bench.sh [postgresql|sqlite] [OBJECTS] [ROUNDS]
# Prints, for each round, the documents the catch-up indexed, how long it took, and the CPU of the
# indexer's thread, of the whole node and of the database server over it, a document at a time.
# The indexer rests as long as each batch took, so its rate is bounded by design (half a core at
# most); the CPU a document is the figure to compare. Node options, NODE, BUILD=0, BENCH_POSTGRES
# and BENCH_POSTGRES_PID as in bench/ingest-bench.sh. Nothing is left running afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-postgresql}"
objects="${2:-200000}"
rounds="${3:-3}"
work="$(mktemp -d /tmp/entente-search-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port=18084
source "$here/bench/memory.sh"
source "$here/bench/node.sh"
bench_setup

bench_start "$db"
if [[ "$db" == postgresql ]]; then
  probe=("${env_db[0]#ENTENTE_DATABASE_URL=}" postgres postgres)
  if [[ -n "${BENCH_POSTGRES:-}" ]]; then srv=("${BENCH_POSTGRES_PID:?the pid of the postmaster of BENCH_POSTGRES}")
  else mapfile -t srv < <(pgrep -f "postgres -D $work/pg"); fi
else
  probe=("jdbc:sqlite:$work/data/entente.db")
  srv=()
fi
hz=$(getconf CLK_TCK)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), database: $db, node: $launcher, ENTENTE_JAVA_OPTS=$node_opts"
from=0
for r in $(seq 1 "$rounds"); do
  "${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$objects" 4 1000 "$from" 2> /dev/null | tail -1
  from=$((from + objects))
  i0=$(thread_ticks "$jvm" search-indexer); n0=$(cpu_ticks "$jvm"); d0=$(cpu_ticks "${srv[@]}")
  read -r before after ms < <("${gen[@]}" org.entente.bench.taxii.SearchCaughtUp "${probe[@]}")
  i1=$(thread_ticks "$jvm" search-indexer); n1=$(cpu_ticks "$jvm"); d1=$(cpu_ticks "${srv[@]}")
  docs=$((after - before)); (( docs > 0 )) || docs=1
  us() { echo "scale=1; ($1) * 1000000 / $hz / $docs" | bc; }
  echo "round $r: $docs documents indexed in $ms ms ($((docs * 1000 / (ms > 0 ? ms : 1))) a second);" \
    "a document: indexer thread $(us "$i1 - $i0") us, node $(us "$n1 - $n0") us$([[ "$db" == postgresql ]] && echo ", PostgreSQL $(us "$d1 - $d0") us"); load $(cut -d' ' -f1 /proc/loadavg)"
done
memory_report "$node_pid" node "search index"
