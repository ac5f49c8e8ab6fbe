#!/usr/bin/env bash
# Authentication benchmark (issue "Trust"): one-object POSTs by one client, one after another, as
# the OASIS stix2 TAXII sink sends them, with a bearer token and with HTTP Basic.
#   bench/auth-bench.sh [sqlite|postgresql] [OBJECTS]
# SERVER_JAR=path/to/entente-exec.jar runs another build of the node (e.g. an older one, to
# compare); the load generator is always this checkout's. Nothing is left running afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-sqlite}"
objects="${2:-1000}"
work="$(mktemp -d /tmp/entente-auth-bench-XXXXXX)"
token="ent_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
port=18090

(cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server,bench -am package)
server_jar="${SERVER_JAR:-$here/server/target/entente-exec.jar}"
gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar")
source "$here/bench/node.sh"

pids=()
# the work folder (a database of GBs) goes too, unless KEEP_WORK=1
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [[ "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

bench_database "$db" "$work"

env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" ENTENTE_ADMIN_TOKEN="$token" \
  java -Xmx256m -jar "$server_jar" serve --port "$port" > "$work/node.log" 2>&1 &
pids+=($!)
url="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -sf "$url/taxii2/" > /dev/null && break; sleep 0.5
done

# a Basic user of the local agency who may write threat-intel, recorded over the REST API
password="bench password $(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api=(curl -sf -H "Authorization: Bearer $token" -H "Content-Type: application/json")
id="$("${api[@]}" -X POST "$url/api/v1/principals" \
  -d "{\"name\":\"bench-basic\",\"roles\":[\"analyst\"],\"password\":\"$password\"}" \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')"
"${api[@]}" -X PUT "$url/api/v1/principals/$id/grants/threat-intel" \
  -d '{"can_read":true,"can_write":true}' > /dev/null
basic="Basic $(printf '%s' "bench-basic:$password" | base64 -w0)"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), database: $db, node: $(basename "$server_jar"), heap -Xmx256m"
echo -n "bearer token: "
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$token" advisories "$objects" 1 1
echo -n "HTTP Basic:   "
"${gen[@]}" org.entente.bench.taxii.LoadGenerator ingest "$url" "$basic" threat-intel "$objects" 1 1
