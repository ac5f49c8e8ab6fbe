#!/usr/bin/env bash
# Where a partner's page costs more than the admin's: perf over warm passes of each (docs/benchmarks.md,
# "Where a warm partner page's extra cost goes").
#   bench/partner-perf.sh TREE DATA
# DATA is a database made by `bench/partner-ab.sh setup TREE DATA`; TREE a checkout whose build is
# made. A node of TREE on DATA pages the collection four times as each reader to warm up, then perf
# records four partner passes into DATA.partner.perf and six admin passes into DATA.admin.perf, with
# the JIT's symbols (-XX:+DumpPerfMapAtExit, /tmp/perf-PID.map). Then, e.g.:
#   perf report -i DATA.partner.perf --no-children --sort comm,dso --stdio -g none
# Needs perf (Debian: linux-perf) and kernel.perf_event_paranoid at most 1 (or root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$1"; data="$2"; port=18195
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar")
source "$here/bench/partner.sh"
partner_node "$tree" "$data" $port "$data.perf-node.log" \
  "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer"
jvm=$(pgrep -f "serve --port $port" | tail -1)
pages() { "${gen[@]}" org.entente.bench.taxii.LoadGenerator page "http://127.0.0.1:$port" "$(cat "$data.$1")" threat-intel 1000; }
for _ in 1 2 3 4; do pages admin; pages partner; done
perf record -F 1999 -g -p "$jvm" -o "$data.partner.perf" -- sleep 6 > /dev/null 2>&1 &
rec=$!
for _ in 1 2 3 4; do pages partner; done
wait $rec
perf record -F 1999 -g -p "$jvm" -o "$data.admin.perf" -- sleep 4 > /dev/null 2>&1 &
rec=$!
for _ in 1 2 3 4 5 6; do pages admin; done
wait $rec
