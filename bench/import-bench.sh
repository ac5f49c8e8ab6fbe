#!/usr/bin/env bash
# `entente import` of one large bundle into a fresh SQLite node with a small heap: the file is
# streamed, never held (server/src/test/.../cli/LargeImportTest runs the same at a quarter of the
# size in CI).
#   bench/import-bench.sh [MEGABYTES] [HEAP]
# Writes a bundle of MEGABYTES (1024) of indicators, then imports it with -Xmx HEAP (256m) through
# ./entente; prints the objects, the time, the rate and the importer's peak resident memory
# (the kernel's VmHWM). Builds the node unless BUILD=0. Nothing is left behind.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
megabytes="${1:-1024}"
heap="${2:-256m}"
work="$(mktemp -d /tmp/entente-import-XXXXXX)"
trap 'rm -rf "$work"' EXIT
if [[ "${BUILD:-1}" != 0 ]]; then
  (cd "$here" && ./mvnw -q -B -ntp package -DskipTests -pl server -am)
fi
python3 - "$work/bundle.json" "$megabytes" << 'EOF'
import sys, uuid
path, megabytes = sys.argv[1], int(sys.argv[2])
limit = megabytes * 1024 * 1024
n = 0
with open(path, "w", buffering=1 << 20) as out:
    out.write('{"type":"bundle","id":"bundle--%s","objects":[' % uuid.uuid4())
    written = 0
    while written < limit:
        o = ('{"type":"indicator","spec_version":"2.1","id":"indicator--%s",'
             '"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",'
             '"name":"bench indicator %d","pattern":"[ipv4-addr:value = \'10.%d.%d.%d\']",'
             '"pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}'
             % (uuid.uuid4(), n, n >> 16 & 255, n >> 8 & 255, n & 255))
        if n:
            out.write(",")
        out.write(o)
        written += len(o) + 1
        n += 1
    out.write("]}")
print(n, file=open(path + ".count", "w"))
EOF
objects="$(cat "$work/bundle.json.count")"
echo "bundle: $(du -m "$work/bundle.json" | cut -f1) MB, $objects indicators"
start=$(date +%s.%N)
ENTENTE_JAVA_OPTS="-Xmx$heap" "$here/entente" import "$work/bundle.json" --collection threat-intel \
  --data-dir "$work/data" > "$work/import.log" 2>&1 &
pid=$!
hwm=0
while kill -0 $pid 2> /dev/null; do
  for p in $pid $(pgrep -P $pid || true); do
    h=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2> /dev/null || echo 0)
    [[ -n "$h" && "$h" -gt "$hwm" ]] && hwm=$h
  done
  sleep 0.5
done
status=0
wait $pid || status=$?
end=$(date +%s.%N)
tail -3 "$work/import.log"
[[ $status == 0 ]] || { echo "the import failed (exit $status)"; cat "$work/import.log"; exit 1; }
secs=$(echo "$end - $start" | bc -l)
printf 'import: %d objects in %.1f s = %.0f objects/s, -Xmx%s, peak resident %d MB\n' \
  "$objects" "$secs" "$(echo "$objects / $secs" | bc -l)" "$heap" $((hwm / 1024))
