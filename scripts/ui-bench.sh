#!/usr/bin/env bash
# Server time of the analyst UI's heaviest pages (issue 20's benchmark): a
# store with ~100,000 alerts (200,000 generated customers, half carrying a
# listed name, screened against the UN and OFAC SDN lists of ../shared),
# `embargo serve` on loopback, then N sequential keep-alive requests per page
# from a client on the same machine; prints p50/p90/p99 per page.
#   scripts/ui-bench.sh [REQUESTS=300] [CUSTOMERS=200000]
# DATA=DIR reuses (or keeps) the data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
COUNT=${2:-200000}
L=../shared/lists
[ -d "$L" ] || { echo "../shared/lists not found" >&2; exit 1; }
cargo build --release -q -p embargo-cli
E=$PWD/target/release/embargo
T=$(mktemp -d)
DATA=${DATA:-$T/data}
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$T"' EXIT
SERVER=
if [ ! -f "$DATA/.ui-bench-ready" ]; then
    "$E" --data-dir "$DATA" import un_sc "$L/un/un_consolidated_2026-02-27.xml" >/dev/null
    "$E" --data-dir "$DATA" import us_ofac_sdn "$L/us_ofac/sdn_2024-05-03.csv" >/dev/null
    "$E" --data-dir "$DATA" register generate --count "$COUNT" --seed 7 --listed-share 0.5 -o "$T/c.jsonl"
    "$E" --data-dir "$DATA" register import "$T/c.jsonl" --no-screen >/dev/null
    "$E" --data-dir "$DATA" run --json >"$T/run.json"
    touch "$DATA/.ui-bench-ready"
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$E" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" --insecure-no-auth 2>"$T/server.log" &
SERVER=$!
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
    sleep 0.5
done
echo "embargo UI figures — $(nproc) cores, $(uname -m), $(date -u +%F), $N requests per page"
python3 - "$PORT" "$N" <<'PY'
import http.client, json, random, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", port)
def get(path):
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"{path}: {r.status} {body[:300]!r}")
    return body
a = json.loads(get("/v1/alerts?status=open&limit=1"))
print("store:", ", ".join(f"{k} {v}" for k, v in sorted(a["counts"].items())), "alerts")
newest = a["alerts"][0]["id"]
random.seed(7)
pages = {
    "queue: open, newest first (50 rows)": lambda: "/ui/alerts",
    "queue: all, highest score first": lambda: "/ui/alerts?status=all&sort=score",
    "queue: open, score 0.85-0.95, us_ofac_sdn": lambda: "/ui/alerts?min_score=0.85&max_score=0.95&list=us_ofac_sdn",
    "queue: open, regime US-DPRK": lambda: "/ui/alerts?regime=US-DPRK",
    "queue: open, class informational, unassigned": lambda: "/ui/alerts?class=informational&assignee=nobody",
    "queue: page 100 by keyset (before=)": lambda: f"/ui/alerts?status=all&before={newest - 5000}",
    "alert detail (random alert)": lambda: f"/ui/alerts/{random.randint(1, newest)}",
}
for label, path in pages.items():
    get(path())  # warm
    t = []
    for _ in range(n):
        p = path()
        s = time.perf_counter()
        get(p)
        t.append((time.perf_counter() - s) * 1000)
    t.sort()
    q = lambda f: t[min(len(t) - 1, int(f * len(t)))]
    print(f"{label:<46} p50 {q(.5):6.2f} ms  p90 {q(.9):6.2f} ms  p99 {q(.99):6.2f} ms")
PY
