# Resident memory of a node process during a benchmark; sourced by the bench scripts.
#   memory_watch PID NAME      start sampling (every 0.5 s until the process ends)
#   memory_report PID NAME LABEL
#       prints the highest resident set since the last report (the kernel's VmHWM, then reset) and
#       the highest of its anonymous and file-backed parts among the samples: file-backed pages are
#       SQLite's memory-mapped database, which the kernel can drop at any time; anonymous memory
#       is what the node itself holds (heap, metaspace, native caches, thread stacks)
# The samples go to the script's $work folder.

memory_watch() {
  local pid="$1" name="$2"
  : > "$work/rss-$name"
  (
    while [[ -r "/proc/$pid/status" ]]; do
      awk '/^RssAnon/ {a = $2} /^RssFile/ {f = $2} /^RssShmem/ {s = $2} END {if (a != "") print a, f + s}' \
        "/proc/$pid/status" 2> /dev/null >> "$work/rss-$name" || true
      sleep 0.5
    done
  ) &
}

memory_report() {
  local pid="$1" name="$2" label="$3" hwm samples
  hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)"
  # the last state too, in case the phase was shorter than a sample
  awk '/^RssAnon/ {a = $2} /^RssFile/ {f = $2} /^RssShmem/ {s = $2} END {if (a != "") print a, f + s}' \
    "/proc/$pid/status" 2> /dev/null >> "$work/rss-$name" || true
  samples="$(awk 'BEGIN {a = 0; f = 0} {if ($1 > a) a = $1; if ($2 > f) f = $2} END {printf "%.0f MB anonymous, %.0f MB file-backed", a / 1024, f / 1024}' "$work/rss-$name")"
  : > "$work/rss-$name"
  if [[ -z "$hwm" ]]; then
    echo "$label: process $pid has ended"
    return 0
  fi
  echo "$label: peak resident $(( hwm / 1024 )) MB (highest sampled: $samples)"
  # resets VmHWM to the current resident set, so that the next report covers the next phase alone
  echo 5 > "/proc/$pid/clear_refs" 2> /dev/null || true
}

# memory_native PID LABEL: where the JVM's own memory goes, when the node runs with
# -XX:NativeMemoryTracking=summary (in NODE_JAVA_OPTS); nothing otherwise. Memory the JVM does not
# track (SQLite's page caches, malloc's arenas, file-backed pages) is the resident set less the
# committed total.
memory_native() {
  local pid="$1" label="$2" out
  out="$(jcmd "$pid" VM.native_memory summary 2> /dev/null)" || return 0
  grep -q '^Total: ' <<< "$out" || return 0
  echo "$label: resident $(awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status"), tracked by the JVM (committed, MB):"
  awk 'BEGIN {sep = "  "} /^Total: |^-  / {
         name = $0; sub(/^-? */, "", name); sub(/ *\(.*$/, "", name); sub(/:.*$/, "", name)
         if (match($0, /committed=[0-9]+KB/)) {
           printf "%s%s %.0f", sep, name, substr($0, RSTART + 10, RLENGTH - 12) / 1024
           sep = "; "
         }
       }
       END {print ""}' <<< "$out"
}
