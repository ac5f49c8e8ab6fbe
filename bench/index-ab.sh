#!/usr/bin/env bash
# Reads beside the search index's catch-up (docs/benchmarks.md, "Session 19"): a node of TREE on the
# database DATA made by bench/partner-ab.sh setup; 15 s of GET at 16 clients (the JIT warms), then
# 60,000 new objects ingested by 4 clients (ids from FROM on, so that each run adds new ones), then
# at once 30 s of GET at 5,000 requests/s offered: one line with its latency, the search indexer's
# CPU and the node's in those 30 s.
#   bench/index-ab.sh TREE DATA LABEL FROM
# Alternate the builds (base, branch, base, branch) with a new FROM each run (1000000, 1100000, ...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$1"; data="$2"; label="$3"; from="$4"
source "$here/bench/partner.sh"
source "$here/bench/node.sh"
port=18195
partner_node "$tree" "$data" $port "$data.index-$label.log"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.taxii.LoadGenerator)
token="$(cat "$data.admin")"
url="http://127.0.0.1:$port"
"${gen[@]}" get "$url" "$token" threat-intel 200000 16 15 > /dev/null 2>&1
"${gen[@]}" ingest "$url" "$token" threat-intel 60000 4 1000 "$from" 2>&1 | tail -1
hz=$(getconf CLK_TCK)
i0=$(thread_ticks "$node" search-indexer); c0=$(awk '{print $14+$15}' /proc/$node/stat)
out="$("${gen[@]}" get "$url" "$token" threat-intel 200000 16 30 5000 2>&1 | tail -1)"
i1=$(thread_ticks "$node" search-indexer); c1=$(awk '{print $14+$15}' /proc/$node/stat)
printf '%s %s: %s; search indexer CPU %.2f s, node CPU %.2f s, load %s\n' "$(date -u +%H:%M:%S)" \
  "$label" "$out" "$(echo "($i1 - $i0) / $hz" | bc -l)" "$(echo "($c1 - $c0) / $hz" | bc -l)" \
  "$(cut -d' ' -f1 /proc/loadavg)"
