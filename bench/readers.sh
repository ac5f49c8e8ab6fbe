#!/usr/bin/env bash
# Readers at once (issue 10, item 2: object-by-id and small pages, p99 at saturation, 16 clients),
# the admin and a partner through its 10 agreements, on ONE database made by
# bench/partner-ab.sh setup (docs/benchmarks.md, "Session 20"):
#   bench/readers.sh TREE DATA LABEL
# A fresh node of TREE on DATA; after a warm-up of 20 s, 20 s each of: GET by id as the admin and
# as the partner; pages of 10 and of 100 objects from random places as the partner; pages of 100
# as the admin; then three passes of paging in pages of 1,000 as each. One line per phase with the
# node's CPU (user + system, all threads). Alternate builds (base, branch, base, branch) to compare.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$1"; data="$2"; label="$3"
source "$here/bench/partner.sh"
partner_node "$tree" "$data" 18194 "$data.node.log" "${NODE_JAVA_OPTS:-}"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.taxii.LoadGenerator)
url=http://127.0.0.1:18194
hz=$(getconf CLK_TCK)
admin="$(cat "$data.admin")"; partner="$(cat "$data.partner")"
cpu() { awk '{print $14+$15}' "/proc/$node/stat"; }
run() {
  local c0 c1 out
  c0=$(cpu); out="$("$@")"; c1=$(cpu)
  printf '%s %s %s; node CPU %.2f s\n' "$label" "$(date -u +%H:%M:%S)" "$out" "$(echo "($c1 - $c0) / $hz" | bc -l)"
}
run "${gen[@]}" get "$url" "$admin" threat-intel 200000 16 20 > /dev/null # warm-up
run "${gen[@]}" get "$url" "$admin" threat-intel 200000 16 20
run "${gen[@]}" get "$url" "$partner" threat-intel 200000 16 20
run "${gen[@]}" small "$url" "$partner" threat-intel 10 16 20
run "${gen[@]}" small "$url" "$partner" threat-intel 100 16 20
run "${gen[@]}" small "$url" "$admin" threat-intel 100 16 20
for _ in 1 2 3; do
  run "${gen[@]}" page "$url" "$admin" threat-intel 1000
  run "${gen[@]}" page "$url" "$partner" threat-intel 1000
done
