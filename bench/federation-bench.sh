#!/usr/bin/env bash
# Federation benchmarks of issue 4, over real HTTPS between two nodes on this machine, each capped
# at 256 MB of heap:
#   propagation: objects posted to node A at RATE objects/s for SECONDS; for each, the time from
#                the start of its POST until node B (which pulls A on its default schedule) serves
#                it; percentiles after a warm-up
#   catch-up:    node B is stopped, OBJECTS are posted to A, B is started again; the rate at which
#                B pulls and stores them once it answers; then again with B running (B's peer
#                disabled while A takes OBJECTS more, then enabled), so without B's JIT warm-up
#   bench/federation-bench.sh [sqlite|postgresql] [OBJECTS=200000] [RATE=1000] [SECONDS=60]
# Builds the node and the load generator, makes a certificate per node with keytool, pins each in
# the other, and leaves nothing running afterwards. The nodes run through ./entente with
# ENTENTE_JAVA_OPTS="$NODE_JAVA_OPTS" (default -Xmx256m) plus NODE_A_JAVA_OPTS or
# NODE_B_JAVA_OPTS; NODE=path/to/entente runs another checkout's launcher and build (to compare).
# Each node's resident memory is printed after each phase (bench/memory.sh).
# The catch-up prints the CPU it took: each node's, PostgreSQL's (all its processes) and the whole
# machine's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-sqlite}"
objects="${2:-200000}"
rate="${3:-1000}"
seconds="${4:-60}"
work="$(mktemp -d /tmp/entente-fedbench-XXXXXX)"
token_a="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
token_b="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port_a=18443
port_b=18444
launcher="${NODE:-$here/entente}"
node_opts="${NODE_JAVA_OPTS:--Xmx256m}"
source "$here/bench/memory.sh"

# BUILD=0 runs the build already made (a build rewrites the jar, and ./entente then records its
# class-data archive again at the first start)
if [[ "${BUILD:-1}" != 0 ]]; then
  (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server,bench -am package)
fi
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.federation.FederationBench)

pids=()
pid_b=
# the work folder (two nodes' databases) goes too, unless KEEP_WORK=1
cleanup() {
  for p in "${pids[@]}" $pid_b; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

for n in a b; do
  keytool -genkeypair -alias node -keyalg EC -groupname secp256r1 -dname "CN=localhost,O=Node $n" \
    -ext SAN=dns:localhost,ip:127.0.0.1 -validity 7 -storetype PKCS12 \
    -keystore "$work/$n.p12" -storepass benchpass -keypass benchpass > /dev/null 2>&1
  keytool -exportcert -rfc -alias node -keystore "$work/$n.p12" -storepass benchpass \
    -file "$work/$n.pem" > /dev/null 2>&1
done

env_a=() env_b=()
if [[ "$db" == postgresql ]]; then
  java -Xmx256m -cp "$here/bench/target/entente-bench.jar" org.entente.bench.taxii.PostgresServer "$work/pg" > "$work/pg.url" 2> "$work/pg.log" &
  pids+=($!)
  for _ in $(seq 1 120); do [[ -s "$work/pg.url" ]] && break; sleep 0.5; done
  url="$(cat "$work/pg.url")"
  base="${url%/*}"
  for n in a b; do
    PGPASSWORD=postgres java -cp "$here/bench/target/entente-bench.jar" org.entente.bench.federation.CreateDatabase "$url" "node_$n"
  done
  env_a=(ENTENTE_DATABASE_URL="$base/node_a" ENTENTE_DATABASE_USER=postgres ENTENTE_DATABASE_PASSWORD=postgres)
  env_b=(ENTENTE_DATABASE_URL="$base/node_b" ENTENTE_DATABASE_USER=postgres ENTENTE_DATABASE_PASSWORD=postgres)
fi

node() { # name port token env...   (NODE_A_JAVA_OPTS, NODE_B_JAVA_OPTS: extra JVM options)
  local n="$1" port="$2" token="$3"; shift 3
  local opts="NODE_${n^^}_JAVA_OPTS"
  env "$@" ENTENTE_DATA_DIR="$work/$n" ENTENTE_ADMIN_TOKEN="$token" ENTENTE_ORGANISATION="Node $n" \
    ENTENTE_TLS_KEYSTORE="$work/$n.p12" ENTENTE_TLS_KEYSTORE_PASSWORD=benchpass \
    ENTENTE_JAVA_OPTS="$node_opts ${!opts:-}" "$launcher" serve --port "$port" \
    >> "$work/$n.log" 2>&1 &
  echo $!
}
up() { # port pem
  for _ in $(seq 1 600); do
    curl -sf --cacert "$2" "https://localhost:$1/taxii2/" > /dev/null && return 0; sleep 0.5
  done
  echo "node on port $1 did not start" >&2; return 1
}

cpu_ticks() { # PID: user + system CPU ticks of the process, all its threads
  awk '{print $14 + $15}' "/proc/$1/stat"
}
machine_ticks() { # busy CPU ticks of the whole machine (everything but idle and iowait)
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat
}
database_ticks() { # the PostgreSQL server's CPU ticks: its postmaster's, its ended backends'
  # (counted in the postmaster's once reaped) and its running processes'; 0 on SQLite
  local pm
  if [[ "$db" != postgresql ]]; then echo 0; return; fi
  pm="$(head -1 "$work/pg/postmaster.pid")"
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(ps -o pid= --ppid "$pm"); do
      awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true
    done; } | awk '{t += $1} END {print t}'
}

# the generator's catch-up (B's objects_received reaching TOTAL), then the CPU it took: each node's
# and the whole machine's busy time (the database and the generator included)
measured_catchup() { # TOTAL [enable]
  local before after out pulled
  before=("$(cpu_ticks "${pids[-1]}")" "$(cpu_ticks "$pid_b")" "$(machine_ticks)" "$(database_ticks)")
  out="$("${gen[@]}" catchup "${B[@]}" "$@")"
  after=("$(cpu_ticks "${pids[-1]}")" "$(cpu_ticks "$pid_b")" "$(machine_ticks)" "$(database_ticks)")
  echo "$out"
  pulled="$(sed -n 's/^catch-up: \([0-9,]*\) objects pulled.*/\1/p' <<< "$out" | tr -d ,)"
  awk -v a="$(( after[0] - before[0] ))" -v b="$(( after[1] - before[1] ))" \
    -v m="$(( after[2] - before[2] ))" -v d="$(( after[3] - before[3] ))" \
    -v n="${pulled:-$objects}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "catch-up CPU: node A %.1f s, node B %.1f s, database %.1f s, whole machine %.1f s (the load generator included); per object pulled: A %.0f us, B %.0f us, database %.0f us, machine %.0f us\n", a / hz, b / hz, d / hz, m / hz, a / hz / n * 1e6, b / hz / n * 1e6, d / hz / n * 1e6, m / hz / n * 1e6}'
}
peer_state() { # disable|enable: B's peer A, through B's API (the generator enables it, see above)
  curl -sf --cacert "$work/b.pem" -H "Authorization: Bearer $token_b" -X POST \
    "https://localhost:$port_b/api/v1/peers/a/$1" > /dev/null
}

pids+=("$(node a $port_a "$token_a" "${env_a[@]}")")
pid_b="$(node b $port_b "$token_b" "${env_b[@]}")"
up $port_a "$work/a.pem"; up $port_b "$work/b.pem"
memory_watch "${pids[-1]}" a
memory_watch "$pid_b" b
A=("https://localhost:$port_a" "$work/a.pem" "$token_a")
B=("https://localhost:$port_b" "$work/b.pem" "$token_b")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), database: $db, node: $launcher, ENTENTE_JAVA_OPTS=$node_opts"
"${gen[@]}" setup "${A[@]}" "${B[@]}"
"${gen[@]}" propagate "${A[@]}" "${B[@]}" "$rate" "$seconds" 10 0
memory_report "${pids[-1]}" a "propagation, node A"
memory_report "$pid_b" b "propagation, node B"
received=$(( rate / 20 * 20 * seconds ))

kill "$pid_b"; wait "$pid_b" 2>/dev/null || true; pid_b=
if [[ -n "${NODE_B_JAVA_OPTS:-}" ]]; then sleep 1; fi
"${gen[@]}" load "${A[@]}" "$objects" 100000000
memory_report "${pids[-1]}" a "ingest while B is down, node A"
pid_b="$(node b $port_b "$token_b" "${env_b[@]}")"
memory_watch "$pid_b" b
up $port_b "$work/b.pem"
measured_catchup $(( received + objects ))
memory_report "${pids[-1]}" a "catch-up, node A"
memory_report "$pid_b" b "catch-up, node B (from its start)"
memory_native "${pids[-1]}" "node A"
memory_native "$pid_b" "node B"
echo "node A resident memory: $(ps -o rss= -p "${pids[-1]}" | awk '{printf "%.0f MB", $1/1024}'), node B: $(ps -o rss= -p "$pid_b" | awk '{printf "%.0f MB", $1/1024}')"

# The same catch-up with node B running throughout (its JIT warm): B stops pulling A (the peer
# disabled, as an operator or a broken link would), A takes OBJECTS more, B pulls again.
peer_state disable
"${gen[@]}" load "${A[@]}" "$objects" 200000000
echo "catch-up with node B running (its peer disabled while A took $objects more objects):"
measured_catchup $(( received + 2 * objects )) enable
memory_report "$pid_b" b "warm catch-up, node B"
