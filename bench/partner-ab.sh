#!/usr/bin/env bash
# A/B of paging as a partner through the 10 agreements of bench/taxii-bench.sh, on ONE database that
# both builds read in turn (docs/benchmarks.md, "Paging as a partner through 10 agreements").
#   bench/partner-ab.sh setup TREE DATA [OBJECTS]         TREE's build ingests OBJECTS (200,000) into
#                                                         DATA and records the partner, its 10
#                                                         agreements and its token
#   bench/partner-ab.sh run TREE DATA LABEL [ROUNDS] [JAVA_OPTS]
#                                                         a fresh node of TREE on DATA pages the
#                                                         collection ROUNDS (5) times as the admin and
#                                                         as the partner; one line per pass: rate, the
#                                                         node's CPU (every thread but the JIT
#                                                         compilers, from /proc), PostgreSQL's (with
#                                                         PG_PID, its postmaster), the load average
# TREE is a checkout whose build is made (server/target/entente-exec.jar); the load generator is this
# checkout's (bench/target/entente-bench.jar). With ENTENTE_DATABASE_URL (and _USER, _PASSWORD) set,
# both steps use that PostgreSQL database instead of DATA/d. Alternate the builds, e.g. base, branch,
# base, branch: the machine's load moves between runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step="$1"; tree="$2"; data="$3"
source "$here/bench/partner.sh"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar")
port=18194

start_node() { partner_node "$tree" "$data" $port "$data.node.log" "${1:-}"; }

case "$step" in
  setup)
    objects="${4:-200000}"
    rm -rf "$data" && mkdir -p "$data"
    echo "ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" > "$data.admin"
    start_node
    "${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "http://127.0.0.1:$port" "$(cat "$data.admin")" threat-intel "$objects" 4 1000
    cli=(env ENTENTE_DATA_DIR="$data/d" java -jar "$tree/server/target/entente-exec.jar")
    bench_partner "${cli[@]}" > "$data.partner"
    ;;
  run)
    label="$4"; rounds="${5:-5}"
    start_node "${6:-}"
    hz=$(getconf CLK_TCK)
    # the node's CPU without the JIT compilers' (which still work in the first rounds)
    cpu() {
      local t=0 f
      for f in /proc/$node/task/*; do
        [[ "$(cat "$f/comm" 2> /dev/null)" == C[12]\ CompilerThre* ]] && continue
        t=$((t + $(awk '{print $14+$15}' "$f/stat" 2> /dev/null || echo 0)))
      done
      echo $t
    }
    pgcpu() {
      local t=0 p
      [[ -n "${PG_PID:-}" ]] || { echo 0; return; }
      for p in $PG_PID $(pgrep -P "$PG_PID"); do
        t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2> /dev/null || echo 0)))
      done
      echo $t
    }
    for r in $(seq 1 "$rounds"); do
      for who in admin partner; do
        tok="$(cat "$data.$who")"
        l0="$(cut -d' ' -f1 /proc/loadavg)"; c0=$(cpu); p0=$(pgcpu)
        out="$("${gen[@]}" org.entente.bench.taxii.LoadGenerator page "http://127.0.0.1:$port" "$tok" threat-intel 1000)"
        c1=$(cpu); p1=$(pgcpu); l1="$(cut -d' ' -f1 /proc/loadavg)"
        printf '%s %s round %d %s: %s; node CPU %.2f s, PostgreSQL CPU %.2f s, load %s -> %s\n' \
          "$(date -u +%H:%M:%S)" "$label" "$r" "$who" "$out" \
          "$(echo "($c1 - $c0) / $hz" | bc -l)" "$(echo "($p1 - $p0) / $hz" | bc -l)" "$l0" "$l1"
      done
    done
    ;;
  *) echo "usage: bench/partner-ab.sh setup|run TREE DATA ..." >&2; exit 2 ;;
esac
