#!/usr/bin/env bash
# GETs by id at saturation, one build at a time, on ONE database made by bench/partner-ab.sh setup
# (docs/benchmarks.md, "Session 28"). Unlike bench/alternate.sh, which runs both builds' nodes at
# once, no other process shares the database while a node is measured: what one process does to
# the SQLite file (its checkpoints) does not fall on the other's figures.
#   [CLIENTS=16] bench/get-ab.sh TREE DATA LABEL WHO [BURSTS] [SECONDS] [WARM_SECONDS]
# Starts TREE's node on DATA, warms it with WARM_SECONDS (30) of GETs by id as WHO (admin or
# partner), then BURSTS (3) bursts of SECONDS (10) each; one line per burst: rate, p50, p99, the
# node's CPU a request (all its threads, from /proc). Run it for each build in turn, alternating.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$1"; data="$2"; label="$3"; who="$4"
bursts="${5:-3}"; secs="${6:-10}"; warm="${7:-30}"; clients="${CLIENTS:-16}"
source "$here/bench/partner.sh"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.taxii.LoadGenerator)
port=18194
partner_node "$tree" "$data" $port "$data.node.log"
token="$(cat "$data.$who")"
hz=$(getconf CLK_TCK)
load() { "${gen[@]}" get "http://127.0.0.1:$port" "$token" threat-intel 200000 "$clients" "$1"; }
load "$warm" > /dev/null
for b in $(seq 1 "$bursts"); do
  c0=$(awk '{print $14+$15}' "/proc/$node/stat")
  out="$(load "$secs")"
  c1=$(awk '{print $14+$15}' "/proc/$node/stat")
  n=$(sed -E 's/.*: ([0-9,]+) requests.*/\1/; s/,//g' <<< "$out")
  rate=$(sed -E 's/.*= ([0-9,]+) requests\/s.*/\1/; s/,//g' <<< "$out")
  p50=$(sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' <<< "$out")
  p99=$(sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<< "$out")
  printf '%s %s %s burst %d: %d requests/s, p50 %s ms, p99 %s ms; node %d us a request\n' \
    "$(date -u +%H:%M:%S)" "$label" "$who" "$b" "$rate" "$p50" "$p99" \
    "$(echo "($c1 - $c0) * 1000000 / $hz / $n" | bc)"
done
