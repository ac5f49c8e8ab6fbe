#!/usr/bin/env bash
# Do another connection's commits cost a node's SQLite readers? (docs/benchmarks.md, "Session 24";
# docs/adr/0038). On ONE database made by bench/partner-ab.sh setup:
#   bench/side-writer.sh TREE DATA [COMMITS_A_SECOND=340] [ROUNDS=6] [SECONDS=10]
# Starts TREE's node on DATA, warms it with 40 s of the admin's GETs by id at 16 clients, then
# ROUNDS times: SECONDS of the same alone, then SECONDS with a side process committing one row
# COMMITS_A_SECOND times a second to the node's file (the ledger's rate under partners' GETs is
# about 340). One line per burst: rate, p99, the node's CPU a request.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$1"; data="$2"; rate="${3:-340}"; rounds="${4:-6}"; secs="${5:-10}"
source "$here/bench/partner.sh"
partner_node "$tree" "$data" 18194 "$data.node.log" "${NODE_JAVA_OPTS:-}"
jar="$here/bench/target/entente-bench.jar"
gen=(java -Xmx512m -cp "$jar" org.entente.bench.taxii.LoadGenerator)
url=http://127.0.0.1:18194; admin="$(cat "$data.admin")"; hz=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' "/proc/$node/stat"; }
"${gen[@]}" get "$url" "$admin" threat-intel 200000 16 40 > /dev/null
for r in $(seq 1 "$rounds"); do
  for w in alone "with writer"; do
    wp=""
    if [[ $w != alone ]]; then
      java -Xmx64m -cp "$jar" org.entente.bench.sqlite.SideWriter "$data/d/entente.db" "$rate" \
        "$((secs + 2))" > "$data.side.log" 2>&1 &
      wp=$!
      sleep 1
    fi
    c0=$(cpu); out="$("${gen[@]}" get "$url" "$admin" threat-intel 200000 16 "$secs")"; c1=$(cpu)
    [[ -n "$wp" ]] && wait "$wp"
    n=$(sed -E 's/.*: ([0-9,]+) requests.*/\1/; s/,//g' <<< "$out")
    rate_p99=$(sed -E 's/.*= ([0-9,]+ requests\/s).*p99 ([0-9.]+ ms).*/\1, p99 \2/' <<< "$out")
    echo "$(date -u +%H:%M:%S) round $r, $w: $rate_p99; node $(echo "($c1 - $c0) * 1000000 / $hz / $n" | bc) us a request"
    [[ -n "$wp" ]] && cat "$data.side.log"
  done
done
