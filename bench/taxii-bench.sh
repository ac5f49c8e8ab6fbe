#!/usr/bin/env bash
# Node benchmarks of issue 2: ingest, paging and GET-by-id over real HTTP, node capped at 256 MB.
#   bench/taxii-bench.sh [sqlite|postgresql] [OBJECTS]
# Builds the node and the load generator, starts a fresh node in its own process (and, for
# postgresql, a PostgreSQL server from Maven Central's embedded binaries), runs the phases and
# prints one line of figures per phase, and the node's resident memory after each (bench/memory.sh).
# Last, OBJECTS more objects are ingested into the now warm node ("warm node, ingest: ...").
# The node runs as an operator runs it, through ./entente with ENTENTE_JAVA_OPTS="$NODE_JAVA_OPTS"
# (default -Xmx256m); NODE=path/to/entente runs another checkout's launcher and
# build instead (to compare). Nothing is left running afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-sqlite}"
objects="${2:-1000000}"
work="$(mktemp -d /tmp/entente-bench-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port=18080
source "$here/bench/memory.sh"
source "$here/bench/partner.sh"
source "$here/bench/node.sh"
bench_setup # BUILD=0 runs the build already made

pids=()
# the work folder (a database of GBs) goes too, unless KEEP_WORK=1
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [[ "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

bench_database "$db" "$work"

bench_node

url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), database: $db, node: $launcher, ENTENTE_JAVA_OPTS=$node_opts"
memory_report "$node_pid" node "start"
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$objects" 4 1000
memory_report "$node_pid" node "ingest"
"${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$token" threat-intel 1000
memory_report "$node_pid" node "paging"
"${gen[@]}" org.entente.bench.taxii.LoadGenerator get "$url" "$token" threat-intel "$objects" 16 40
# the same 16 clients offering 5,000 requests/s between them, each on a fixed schedule
"${gen[@]}" org.entente.bench.taxii.LoadGenerator get "$url" "$token" threat-intel "$objects" 16 30 5000
memory_report "$node_pid" node "get by id"

# Issue 3: the same paging as a partner agency whose 10 agreements are compiled into the query
# (and every disclosed object recorded in the ledger).
cli=(env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" java -jar "$here/server/target/entente-exec.jar")
partner="$(bench_partner "${cli[@]}")"
echo -n "as partner (10 agreements) "
"${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$partner" threat-intel 1000
# the first passes above count each reader's warm-up (the JIT, the partner's scope); the target
# (>= 80 %) compares warm passes, so each reader pages twice more and the last passes are the figure
for pass in 2 3; do
  echo -n "warm pass $pass, admin "
  "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$token" threat-intel 1000
  echo -n "warm pass $pass, as partner "
  "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "$url" "$partner" threat-intel 1000
done
memory_report "$node_pid" node "paging as partner"
# the ingest again, OBJECTS new objects into the node that has run every phase above (its JIT done,
# the collection already holding OBJECTS): what a node that has been running sees, where the first
# ingest counts the JIT's warm-up in a fresh process
echo -n "warm node, "
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" threat-intel "$objects" 4 1000 "$objects"
memory_report "$node_pid" node "warm ingest"
memory_native "$node_pid" node
echo "node resident memory: $(ps -o rss= -p "$node_pid" | awk '{printf "%.0f MB", $1/1024}')"
