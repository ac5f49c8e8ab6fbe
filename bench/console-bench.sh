#!/usr/bin/env bash
# The console's dashboard and intelligence pages (issue 11 items 2, 3): dashboard, list, search and object page at OBJECTS
# objects, timed one request after another by a signed-in person, after the search index has
# caught up with the ingest.
#   bench/console-bench.sh [sqlite|postgresql] [OBJECTS] [REQUESTS] [PASSES]
# Before the pages are timed, the partner of bench/taxii-bench.sh (10 agreements, bench/partner.sh)
# pages the whole collection PASSES times (default 3), so that the ledger holds what a node that has
# been serving partners holds (OBJECTS / 1,000 page entries a pass) and the object page's mentions
# are looked up among them; PASSES=0 times the pages on a ledger with no disclosures. Last, PEOPLE
# (default 2,000; 0 for none) machines are recorded and the administration's people list is timed.
# Builds the node and the tools, starts a fresh node through ./entente as an operator runs it
# (ENTENTE_JAVA_OPTS="$NODE_JAVA_OPTS", default -Xmx256m; and for postgresql a
# PostgreSQL server from Maven Central's embedded binaries), ingests with the load generator, runs
# ConsoleBench, and prints the node's resident memory after each phase (bench/memory.sh). Nothing is
# left running afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-sqlite}"
objects="${2:-100000}"
requests="${3:-300}"
passes="${4:-3}"
work="$(mktemp -d /tmp/entente-console-bench-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port=18081
source "$here/bench/memory.sh"
source "$here/bench/node.sh"
source "$here/bench/partner.sh"
bench_setup # BUILD=0 runs the build already made

pids=()
# the work folder (a database of GBs) goes too, unless KEEP_WORK=1
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [[ "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

bench_database "$db" "$work"
bench_node

url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), database: $db, node: $launcher, ENTENTE_JAVA_OPTS=$node_opts, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$objects" 4 1000
memory_report "$node_pid" node "ingest"
if (( passes > 0 )); then
  cli=(env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" java -jar "$here/server/target/entente-exec.jar")
  partner="$(bench_partner "${cli[@]}")"
  for pass in $(seq 1 "$passes"); do
    echo -n "partner pass $pass: "
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$partner" threat-intel 1000
  done
  memory_report "$node_pid" node "partner passes"
fi
"${gen[@]}" org.entente.bench.console.ConsoleBench "$url" "$token" threat-intel "$objects" "$requests"
memory_report "$node_pid" node "console"
# the ledger's whole verification and the exchange report over everything, from the command line at
# the node's heap, on the ledger the partner passes made (what the ledger page starts and shows)
for what in "verify" "report --format csv"; do
  start=$(date +%s%N)
  if out="$(env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" ENTENTE_JAVA_OPTS="$node_opts" "$launcher" ledger $what 2>&1)"; then
    status=ok
  else
    status="FAILED: $(echo "$out" | grep -m1 -i 'error\|exception' || true)"
  fi
  printf 'entente ledger %s: %.1f s, %s, %s lines\n' "$what" "$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)" "$status" "$(echo "$out" | wc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
