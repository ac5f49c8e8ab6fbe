# Sourced by the node benchmarks: the database a node under test runs on.
#   bench_database DB WORK   for postgresql, starts a PostgreSQL server from Maven Central's
#                            embedded binaries in WORK/pg (durable commits: PostgresServer),
#                            waits for its URL, adds its pid to the caller's pids and sets env_db to
#                            the node's settings for it; for sqlite, sets env_db empty. Needs the
#                            caller's gen (the load generator's java command).
bench_database() {
  env_db=()
  [[ "$1" == postgresql ]] || return 0
  "${gen[@]}" org.entente.bench.taxii.PostgresServer "$2/pg" > "$2/pg.url" 2> "$2/pg.log" &
  pids+=($!)
  for _ in $(seq 1 120); do [[ -s "$2/pg.url" ]] && break; sleep 0.5; done
  env_db=(ENTENTE_DATABASE_URL="$(cat "$2/pg.url")" ENTENTE_DATABASE_USER=postgres ENTENTE_DATABASE_PASSWORD=postgres)
}
