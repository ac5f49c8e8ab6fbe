#!/usr/bin/env bash
# Two builds side by side on ONE database made by bench/partner-ab.sh setup, in alternating bursts,
# so that the machine's drift falls on both alike (docs/benchmarks.md, "Session 22"):
#   [CLIENTS=16] [OPTS_A=...] [OPTS_B=...] bench/alternate.sh TREE_A TREE_B DATA WHO [ROUNDS] [SECONDS] [WARM_SECONDS]
# Starts a node of each TREE (a checkout whose build is made) on DATA, warms each with WARM_SECONDS
# (60) of GETs by id at CLIENTS (16) clients as WHO (admin or partner), then ROUNDS (12) times: SECONDS (10)
# of the same against A, then against B. One line per burst: rate, p99, the node's CPU a request
# (all its threads, from /proc) and, with ENTENTE_DATABASE_URL (and _USER, _PASSWORD) set,
# PostgreSQL's (the postmaster and its children on this machine); then each build's medians.
# OPTS_A and OPTS_B add JVM options to one node each: one tree twice with two settings is an A/B of
# the setting (e.g. OPTS_B=-Dentente.reads-at-once=16). MODE=poll loads both with `LoadGenerator
# poll` (feed readers that find nothing new) instead of GETs by id.
# Both nodes have the SQLite file open at once: for a change to what a node does to the file itself
# (its checkpoints, its log), measure one node at a time with bench/get-ab.sh instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree_a="$1"; tree_b="$2"; data="$3"; who="$4"
rounds="${5:-12}"; secs="${6:-10}"; warm="${7:-60}"; clients="${CLIENTS:-16}"; mode="${MODE:-get}"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.taxii.LoadGenerator)
token="$(cat "$data.$who")"
hz=$(getconf CLK_TCK)
start() {
  ENTENTE_DATA_DIR="$data/d" ENTENTE_ADMIN_TOKEN="$(cat "$data.admin")" \
    ENTENTE_JAVA_OPTS="-Xmx256m $3" \
    "$1/entente" serve --port "$2" > "$data.$2.log" 2>&1 &
  echo $!
}
port_a=18194; port_b=18196
for p in $port_a $port_b; do
  if curl -s "http://127.0.0.1:$p/taxii2/" > /dev/null; then
    echo "port $p is taken: a node from an earlier run may still be stopping" >&2
    exit 1
  fi
done
pid_a=$(start "$tree_a" $port_a "${OPTS_A:-}"); pid_b=$(start "$tree_b" $port_b "${OPTS_B:-}")
trap 'kill $pid_a $pid_b 2> /dev/null || true; wait 2> /dev/null || true' EXIT
for p in $port_a $port_b; do
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$p/taxii2/" > /dev/null && break; sleep 0.5; done
done
pg=""
[[ -n "${ENTENTE_DATABASE_URL:-}" ]] && pg=$(pgrep -o -u postgres postgres || true)
pgcpu() {
  local t=0 p
  [[ -n "$pg" ]] || { echo 0; return; }
  for p in $pg $(pgrep -P "$pg"); do
    t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2> /dev/null || echo 0)))
  done
  echo $t
}
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
load() { # PORT SECONDS
  if [[ $mode == poll ]]; then
    "${gen[@]}" poll "http://127.0.0.1:$1" "$token" threat-intel "$clients" "$2"
  else
    "${gen[@]}" get "http://127.0.0.1:$1" "$token" threat-intel 200000 "$clients" "$2"
  fi
}
load $port_a "$warm" > /dev/null
load $port_b "$warm" > /dev/null
lines=()
for r in $(seq 1 "$rounds"); do
  for side in "A $pid_a $port_a" "B $pid_b $port_b"; do
    read -r name pid port <<< "$side"
    c0=$(cpu "$pid"); p0=$(pgcpu)
    out="$(load "$port" "$secs")"
    c1=$(cpu "$pid"); p1=$(pgcpu)
    n=$(sed -E 's/.*: ([0-9,]+) requests.*/\1/; s/,//g' <<< "$out")
    rate=$(sed -E 's/.*= ([0-9,]+) requests\/s.*/\1/; s/,//g' <<< "$out")
    p50=$(sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' <<< "$out")
    p99=$(sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<< "$out")
    node_us=$(echo "($c1 - $c0) * 1000000 / $hz / $n" | bc)
    pg_us=$(echo "($p1 - $p0) * 1000000 / $hz / $n" | bc)
    printf '%s %s round %d: %d requests/s, p50 %s ms, p99 %s ms; node %d us a request, PostgreSQL %d us\n' \
      "$(date -u +%H:%M:%S)" "$name" "$r" "$rate" "$p50" "$p99" "$node_us" "$pg_us"
    lines+=("$name $rate $p99 $node_us $pg_us $p50")
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for name in A B; do
  tree=$([[ $name == A ]] && echo "$tree_a" || echo "$tree_b")
  opts=$([[ $name == A ]] && echo "${OPTS_A:-}" || echo "${OPTS_B:-}")
  mine=$(printf '%s\n' "${lines[@]}" | awk -v n=$name '$1 == n')
  printf '%s (%s): median %s requests/s, p50 %s ms, p99 %s ms, node %s us a request, PostgreSQL %s us\n' \
    "$name" "$tree${opts:+ $opts}" "$(awk '{print $2}' <<< "$mine" | median)" "$(awk '{print $6}' <<< "$mine" | median)" "$(awk '{print $3}' <<< "$mine" | median)" \
    "$(awk '{print $4}' <<< "$mine" | median)" "$(awk '{print $5}' <<< "$mine" | median)"
done
