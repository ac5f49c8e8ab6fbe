# Sourced by the node benchmarks: the build, the database a node under test runs on, and the node.
#   bench_setup              sets launcher (NODE, else this checkout's ./entente), node_opts
#                            (NODE_JAVA_OPTS, else -Xmx256m: the launcher's collector, G1, as an
#                            operator runs it) and gen (the load
#                            generator's java command); builds the node and the tools unless BUILD=0
#                            (a build rewrites the jar, and ./entente then records its class-data
#                            archive again at the first start)
#   bench_database DB WORK   for postgresql, starts a PostgreSQL server from Maven Central's
#                            embedded binaries in WORK/pg (durable commits: PostgresServer),
#                            waits for its URL, adds its pid to the caller's pids and sets env_db to
#                            the node's settings for it; for sqlite, sets env_db empty. Needs the
#                            caller's gen (the load generator's java command).
#                            With BENCH_POSTGRES set (the JDBC URL of an existing server's postgres
#                            database, user and password postgres, e.g. Debian's, built with lz4),
#                            makes a database of its own on that server instead, which
#                            bench_database_drop drops
#   bench_start DB           the lot for one node under test: an empty pids, a trap that stops them
#                            and drops the database (bench_database_drop) and WORK ($work) at
#                            exit, bench_database DB $work, bench_node; sets url and jvm (the
#                            node's java process)
#   cpu_ticks PID...         the CPU time of the processes and their children, in clock ticks
#   thread_ticks PID NAME    the CPU time of PID's threads named NAME, in clock ticks
#   bench_node               starts "$launcher" serve on $port with the caller's env_db, WORK/data
#                            ($work), $token as the admin token and ENTENTE_JAVA_OPTS=$node_opts,
#                            adds its pid to pids, sets node_pid, samples its memory (bench/memory.sh)
#                            and waits for its first TAXII answer
bench_setup() {
  launcher="${NODE:-$here/entente}"
  node_opts="${NODE_JAVA_OPTS:--Xmx256m}"
  if [[ "${BUILD:-1}" != 0 ]]; then
    (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server,bench -am package)
  fi
  gen=(java -Xmx512m -cp "$here/bench/target/entente-bench.jar")
}

bench_database() {
  env_db=()
  [[ "$1" == postgresql ]] || return 0
  if [[ -n "${BENCH_POSTGRES:-}" ]]; then
    bench_db_name="entente_bench_$$"
    "${gen[@]}" org.entente.bench.federation.CreateDatabase "$BENCH_POSTGRES" "$bench_db_name"
    env_db=(ENTENTE_DATABASE_URL="${BENCH_POSTGRES%/*}/$bench_db_name" ENTENTE_DATABASE_USER=postgres ENTENTE_DATABASE_PASSWORD=postgres)
    return 0
  fi
  "${gen[@]}" org.entente.bench.taxii.PostgresServer "$2/pg" > "$2/pg.url" 2> "$2/pg.log" &
  pids+=($!)
  for _ in $(seq 1 120); do [[ -s "$2/pg.url" ]] && break; sleep 0.5; done
  env_db=(ENTENTE_DATABASE_URL="$(cat "$2/pg.url")" ENTENTE_DATABASE_USER=postgres ENTENTE_DATABASE_PASSWORD=postgres)
}

bench_database_drop() {
  if [[ -n "${bench_db_name:-}" ]]; then
    "${gen[@]}" org.entente.bench.federation.CreateDatabase "$BENCH_POSTGRES" "$bench_db_name" drop || true
  fi
}

bench_node() {
  env "${env_db[@]}" ENTENTE_DATA_DIR="$work/data" ENTENTE_ADMIN_TOKEN="$token" ENTENTE_JAVA_OPTS="$node_opts" \
    "$launcher" serve --port "$port" > "$work/node.log" 2>&1 &
  pids+=($!)
  node_pid=$!
  memory_watch "$node_pid" node
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/taxii2/" > /dev/null && break; sleep 0.5
  done
}

bench_start() {
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; bench_database_drop; rm -rf "$work"' EXIT
  bench_database "$1" "$work"
  bench_node
  url="http://127.0.0.1:$port"
  jvm=$(pgrep -f "serve --port $port" | tail -1)
}

cpu_ticks() {
  local s=0 p q
  for p in "$@"; do for q in $p $(pgrep -P "$p"); do
    s=$((s + $(awk '{print $14+$15}' "/proc/$q/stat" 2>/dev/null || echo 0)))
  done; done
  echo $s
}

thread_ticks() {
  local s=0 t
  for t in /proc/$1/task/*; do
    [[ "$(cat "$t/comm" 2> /dev/null)" == "$2" ]] && s=$((s + $(awk '{print $14+$15}' "$t/stat" 2>/dev/null || echo 0)))
  done
  echo $s
}
