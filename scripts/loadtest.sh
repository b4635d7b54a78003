#!/usr/bin/env bash
# Load test of `embargo serve` on loopback: starts the release server on a free
# port, runs the load generator against POST /match/default (single queries,
# keep-alive), prints requests/s and p50/p90/p99 latency, stops the server.
#
#   scripts/loadtest.sh [SECONDS=10] [THREADS=4]
#
# Data: $EMBARGO_DATA if set (e.g. a directory where all of ../shared/lists
# were imported), else a fresh temporary directory (the bundled UN list).
# RELOAD_EVERY=N also POSTs /v1/admin/reload every N seconds during the run and
# prints the server's RSS after each (a soak: scripts/loadtest.sh 600 2 with RELOAD_EVERY=60).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-10}
THREADS=${2:-4}
cargo build -q --release -p embargo-cli
cargo build -q --release -p embargo-server --example loadgen
BIN=target/release/embargo
DATA=${EMBARGO_DATA:-$(mktemp -d)}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" --insecure-no-auth 2>"$DATA/loadtest-server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/readyz" | python3 -c 'import json,sys; e=json.load(sys.stdin)["embargo"]; print("serving:", ", ".join("%s %s (%d entities)" % (l["source"], l["published"], l["entities"]) for l in e["snapshots"]))'
RELOADER=
if [ -n "${RELOAD_EVERY:-}" ]; then
  ( while sleep "$RELOAD_EVERY"; do
      curl -sf -XPOST "http://127.0.0.1:$PORT/v1/admin/reload" >/dev/null || echo "reload failed"
      ps -o rss= -p "$SERVER" | awk '{printf "after reload: server RSS %.0f MiB\n", $1/1024}'
    done ) &
  RELOADER=$!
fi
# Server CPU time (user + system, clock ticks) before and after: CPU per
# request is a figure that holds even when the load generator or other
# processes compete for the same cores.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
TICKS0=$(cpu_ticks)
timeout $((SECONDS_RUN + 60)) target/release/examples/loadgen --addr "127.0.0.1:$PORT" \
  --threads "$THREADS" --seconds "$SECONDS_RUN" | tee "$DATA/loadtest-client.log"
TICKS1=$(cpu_ticks)
OK=$(grep -oE '[0-9]+ ok' "$DATA/loadtest-client.log" | grep -oE '[0-9]+' || echo 0)
HZ=$(getconf CLK_TCK)
awk -v t=$((TICKS1 - TICKS0)) -v hz="$HZ" -v ok="$OK" -v n="$(nproc)" 'BEGIN { if (ok == 0) exit;
  us = t / hz * 1e6 / ok;
  printf "server CPU per request: %.0f µs (user+system) → at most %.0f requests/s on %d cores with the server alone\n", us, n * 1e6 / us, n }' 
[ -n "$RELOADER" ] && kill "$RELOADER"
grep -E '^embargo_(reloads_total|index_generation)' <(curl -sf "http://127.0.0.1:$PORT/metrics") || true
ps -o rss= -p "$SERVER" | awk '{printf "server RSS %.0f MiB\n", $1/1024}'
