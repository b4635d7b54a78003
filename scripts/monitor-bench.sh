#!/usr/bin/env bash
# Prints embargo's monitoring figures (issue 19's benchmark) on ../shared/lists,
# release build, in fresh data directories under a temporary folder:
#   1. register import of COUNT generated customers (default 1,000,000)
#   2. the full run of that register against 8 lists (time and peak RSS)
#   3. the delta run that importing UN 2026-02-27 over 2025-11-20 triggers
#   4. `embargo alerts` on a store holding ~100,000 alerts (JSON and table), and
#      a delta run there with nothing changed (its pending alerts are all read)
# Usage: scripts/monitor-bench.sh [COUNT] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000000}
SEED=${2:-7}
L=../shared/lists
[ -d "$L" ] || { echo "../shared/lists not found" >&2; exit 1; }
cargo build --release -q -p embargo-cli
E=$PWD/target/release/embargo
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Runs a command, keeps its stdout in $T/out, prints "<label>: <wall> s, <rss> MB".
measure() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$T/time" "$@" >"$T/out" 2>"$T/err" || {
        cat "$T/err" >&2
        exit 1
    }
    read -r wall rss <"$T/time"
    printf '%-58s %8s s %7d MB\n' "$label" "$wall" $((rss / 1024))
}

lists() {
    local d=$1 un=$2
    "$E" --data-dir "$d" import un_sc "$L/un/un_consolidated_$un.xml" >/dev/null
    "$E" --data-dir "$d" import us_ofac_sdn "$L/us_ofac/sdn_2024-05-03.csv" >/dev/null
    "$E" --data-dir "$d" import us_ofac_cons "$L"/us_ofac/cons_csv_2025-12/cons_{prim,add,alt,comments}.csv >/dev/null
    "$E" --data-dir "$d" import gb_ofsi "$L/uk_ofsi/ofsi_conlist_2018-04-13.csv" >/dev/null
    "$E" --data-dir "$d" import jp_mof "$L/jp_mof/mof_shisantouketsu_2026-03-05.xlsx" >/dev/null
    "$E" --data-dir "$d" import ca_sema "$L/ca_sema/sema-lmes_2025-05.xml" >/dev/null
    "$E" --data-dir "$d" import au_dfat "$L/au_dfat/regulation8_consolidated_2024-12.xlsx" >/dev/null
    "$E" --data-dir "$d" import us_csl "$L/us_csl/consolidated_screening_list_2022-04.csv.gz" >/dev/null
}

echo "embargo monitoring figures — $(nproc) cores, $(uname -m), $(date -u +%F)"
D=$T/bank
lists "$D" 2025-11-20
"$E" --data-dir "$D" register generate --count "$COUNT" --seed "$SEED" -o "$T/customers.jsonl"
echo "register: $COUNT customers, seed $SEED, $(du -h "$T/customers.jsonl" | cut -f1)"

measure "register import of $COUNT (no screening)" \
    "$E" --data-dir "$D" register import "$T/customers.jsonl" --no-screen
measure "full run, 8 lists, profile all, threshold 0.80" \
    "$E" --data-dir "$D" run --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  run", r["id"], "counts", json.dumps(r["counts"]))' "$T/out" ||
    head -c 400 "$T/out"
measure "import UN 2026-02-27 with its delta run" \
    "$E" --data-dir "$D" import un_sc "$L/un/un_consolidated_2026-02-27.xml" --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); d=r.get("delta") or {}; print("  delta run", d.get("id"), "screened", d.get("total"), "counts", json.dumps(d.get("counts"))); print("  where the time went:", json.dumps((d.get("trigger") or {}).get("reverse")))' "$T/out" ||
    head -c 400 "$T/out"
measure "run --delta on demand (nothing changed since)" \
    "$E" --data-dir "$D" run --delta --json

# A store with ~100,000 alerts: half the customers carry a listed name.
A=$T/alerts
lists "$A" 2025-11-20
"$E" --data-dir "$A" register generate --count 200000 --seed "$SEED" --listed-share 0.5 -o "$T/listed.jsonl"
"$E" --data-dir "$A" register import "$T/listed.jsonl" --no-screen >/dev/null
"$E" --data-dir "$A" run --json >"$T/run.json" 2>/dev/null
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("alert store:", json.dumps(r["counts"]))' "$T/run.json"
measure "alerts --status open --limit 100000 --json" \
    "$E" --data-dir "$A" alerts --status open --limit 100000 --json
echo "  $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["alerts"]), "alerts printed")' "$T/out")"
measure "alerts (the newest 100, table)" \
    "$E" --data-dir "$A" alerts
measure "run --delta on the alert store (nothing changed)" \
    "$E" --data-dir "$A" run --delta --json
