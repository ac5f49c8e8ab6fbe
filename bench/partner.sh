# Sourced by bench/taxii-bench.sh and bench/partner-ab.sh: the partner agency the partner-paging
# figures read as (issue 3), whose 10 agreements are compiled into its query and every disclosed
# object recorded in the ledger.
#   bench_partner CLI...   records "Bench Partner", its agreements and principal; prints its token
#   partner_node TREE DATA PORT LOG [JAVA_OPTS]
#                          starts TREE's node on the database DATA/d made by bench/partner-ab.sh
#                          setup, waits for its first answer, sets $node to its pid and stops it
#                          when the script exits
bench_partner() {
  local cli=("$@") i
  "${cli[@]}" org add --kind partner --name "Bench Partner" --country JP > /dev/null
  local areas=(
    "information-exchange:direction=both,tlp=amber,onward=none"
    "information-exchange:direction=share,tlp=green,onward=community,types=indicator"
    "information-exchange:direction=both,tlp=amber,min-confidence=50,onward=none"
    "information-exchange:direction=share,tlp=clear,onward=community"
    "information-exchange:direction=both,tlp=amber+strict,labels-any=apt,onward=none"
    "information-exchange:direction=share,tlp=amber,labels-none=internal,onward=constituents"
    "information-exchange:direction=both,tlp=green,types=indicator|malware,onward=none"
    "information-exchange:direction=share,tlp=amber,min-confidence=80,labels-any=shared,onward=none"
    "information-exchange:direction=receive,tlp=amber,onward=none"
    "information-exchange:direction=both,tlp=amber,types=indicator,min-confidence=10,onward=none"
  )
  for i in "${!areas[@]}"; do
    "${cli[@]}" agreement create --kind moc --title "Bench agreement $i" --party "Bench Partner" \
      --effective 2020-01-01 --expires 2035-01-01 --area "${areas[$i]}" --activate > /dev/null
  done
  "${cli[@]}" principal add --name bench-partner --org "Bench Partner" --role partner > /dev/null 2>&1
  "${cli[@]}" token create --name bench-partner 2> /dev/null
}

partner_node() {
  local tree="$1" data="$2" port="$3" log="$4"
  ENTENTE_DATA_DIR="$data/d" ENTENTE_ADMIN_TOKEN="$(cat "$data.admin")" \
    ENTENTE_JAVA_OPTS="-Xmx256m ${5:-}" \
    "$tree/entente" serve --port "$port" > "$log" 2>&1 &
  node=$!
  trap 'kill $node 2> /dev/null || true; wait $node 2> /dev/null || true' EXIT
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/taxii2/" > /dev/null && break; sleep 0.5; done
}
