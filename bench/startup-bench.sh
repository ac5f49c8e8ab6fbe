#!/usr/bin/env bash
# Start-up benchmark (issue 10, item 5): the time from launching `entente serve` to the node's
# first TAXII answer (GET /taxii2/, any HTTP status), RUNS times per launcher, then the median.
#   bench/startup-bench.sh [RUNS=5] [LAUNCHER...]
# LAUNCHER is an `entente` script beside its build (default this checkout's ./entente, built first
# if needed); with several, their runs alternate (A B A B...) so that a machine whose load changes
# weighs on each alike. Each launcher gets a data folder of its own, made by a first start that is
# reported apart (a first start after a build also makes the launcher's class-data archive); the
# timed runs are restarts on it, as an operator's are. ENTENTE_JAVA_OPTS is passed through.
# Per run: wall time to the first answer, the node's CPU time (user + sys) at that moment, and
# the load average. Nothing is left running afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
shift || true
launchers=("$@")
if [[ ${#launchers[@]} -eq 0 ]]; then
  launchers=("$here/entente")
fi
work="$(mktemp -d /tmp/entente-startup-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
ticks="$(getconf CLK_TCK)"

pid=
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; fi
}
trap cleanup EXIT

# a port nothing listens on, so that the answer timed is this node's (the machine is shared)
free_port() {
  local p
  while true; do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then echo "$p"; return; fi
  done
}

# start DATA LOG LAUNCHER: one start; sets wall and cpu (ms); the node is stopped after
start() {
  local data="$1" log="$2" launcher="$3" t0 t1 code port
  port="$(free_port)"
  t0="$(date +%s%N)"
  ENTENTE_DATA_DIR="$data" ENTENTE_ADMIN_TOKEN="$token" "$launcher" serve --port "$port" >> "$log" 2>&1 &
  pid=$!
  while true; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/taxii2/" || true)"
    if [[ "$code" != 000 ]]; then break; fi
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "the node stopped before answering; see $log" >&2
      exit 1
    fi
    sleep 0.05
  done
  t1="$(date +%s%N)"
  # utime + stime of the JVM (the launcher execs it, so it has the launcher's pid); a training
  # JVM the launcher ran before is its child and counted in cutime + cstime
  cpu="$(awk -v t="$ticks" '{print int(($14 + $15 + $16 + $17) * 1000 / t)}' "/proc/$pid/stat")"
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  pid=
  wall=$(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

# builds this checkout's node when sources changed (as ./entente would at its first start, which
# must not be timed)
(cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server -am package)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), ENTENTE_JAVA_OPTS=${ENTENTE_JAVA_OPTS:-}"
for i in "${!launchers[@]}"; do
  start "$work/data-$i" "$work/node-$i.log" "${launchers[$i]}"
  echo "${launchers[$i]}: first start ${wall} ms (cpu ${cpu} ms), load $(cut -d' ' -f1 /proc/loadavg)"
  : > "$work/times-$i"
done
for r in $(seq 1 "$runs"); do
  for i in "${!launchers[@]}"; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start "$work/data-$i" "$work/node-$i.log" "${launchers[$i]}"
    echo "${launchers[$i]}: run $r ready in ${wall} ms (cpu ${cpu} ms), load $load"
    echo "$wall $cpu" >> "$work/times-$i"
  done
done
for i in "${!launchers[@]}"; do
  echo "${launchers[$i]}: median of $runs: ready in $(cut -d' ' -f1 "$work/times-$i" | median) ms, cpu $(cut -d' ' -f2 "$work/times-$i" | median) ms"
done
rm -rf "$work"
