#!/usr/bin/env bash
# Bounded load run of the HTTP API: wrk (Debian `wrk`) on loopback, 64
# connections, against a store of 1,000,000 generated events.
#   scripts/load-test.sh [BUILD_DIR] [EVENTS] [SECONDS]
# Needs BUILD_DIR/sitrep and BUILD_DIR/bench/serve_bench (the generator).
# Prints p50/p99 per endpoint (reported, not asserted) and writes them to
# BUILD_DIR/load-test.txt. The store is cached as BUILD_DIR/load-test.db.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
EVENTS="${2:-1000000}"
SECS="${3:-10}"
CONNS=64
THREADS=2
command -v wrk >/dev/null || { echo "load-test: install wrk (apt-get install wrk)" >&2; exit 1; }
DB="$BUILD/load-test.db"
if [ ! -f "$DB" ] || [ "$(cat "$DB.events" 2>/dev/null)" != "$EVENTS" ]; then
  echo "generating $EVENTS events into $DB ..." >&2
  "$BUILD/bench/serve_bench" --generate="$DB" --events="$EVENTS"
  echo "$EVENTS" > "$DB.events"
fi
LOG="$(mktemp)"
PID=""
start_server() {  # a fresh server per endpoint: no backlog from the previous run
  "$BUILD/sitrep" serve --db "$DB" --port 0 --bind 127.0.0.1 --no-engine 2>"$LOG" &
  PID=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$LOG" && break
    sleep 0.1
  done
  BASE="$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1)"
  [ -n "$BASE" ] || { cat "$LOG" >&2; exit 1; }
}
stop_server() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  PID=""
}
trap 'stop_server; rm -f "$LOG"' EXIT
OUT="$BUILD/load-test.txt"
{
  echo "# sitrep serve load test: $EVENTS events, wrk -t$THREADS -c$CONNS -d${SECS}s, $(nproc) cores, $(date -u +%FT%TZ)"
  printf "%-48s %10s %10s %10s\n" endpoint p50 p99 req/s
} | tee "$OUT"
for path in \
  "/api/health" \
  "/api/events?limit=100" \
  "/api/events?actor=RUS&code=19&limit=100" \
  "/api/events?located=1&happened=1&limit=1000" \
  "/api/series?dyad=RUS-UKR&interval=week" \
  "/api/series?country=UKR&from=2023-01-01&to=2023-03-31" \
  "/api/dyads?from=2023-01-01&to=2023-01-31" \
  "/api/documents/gen-777" ; do
  start_server
  R="$(wrk -t$THREADS -c$CONNS -d"${SECS}s" --timeout 30s --latency "$BASE$path")"
  P50="$(echo "$R" | awk '$1=="50%"{print $2}')"
  P99="$(echo "$R" | awk '$1=="99%"{print $2}')"
  RPS="$(echo "$R" | awk '/Requests\/sec/{print $2}')"
  ERR="$(echo "$R" | grep -E 'Non-2xx|Socket errors' || true)"
  stop_server
  printf "%-48s %10s %10s %10s %s\n" "$path" "$P50" "$P99" "$RPS" "$ERR" | tee -a "$OUT"
done
