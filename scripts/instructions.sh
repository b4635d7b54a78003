#!/usr/bin/env bash
# Instructions per screened query (valgrind callgrind; repeatable on a busy machine, unlike
# wall-clock figures), for the release `embargo` binary of this checkout or of the
# checkouts given as arguments. Needs valgrind, target/eval (embargo eval prepare) and a
# data directory with the lists imported (EMBARGO_DATA).
# Per query = (run of 3,000 name-only negatives - run of 1) / 2,999.
set -euo pipefail
cd "$(dirname "$0")/.."
queries=target/eval/negatives_us_name_only.jsonl
tmp=$(mktemp -d)
head -3000 "$queries" > "$tmp/q3000.jsonl"
head -1 "$queries" > "$tmp/q1.jsonl"
count() { # binary, query file
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" eval queries "$2" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for dir in "${@:-.}"; do
    bin="$dir/target/release/embargo"
    one=$(count "$bin" "$tmp/q1.jsonl")
    many=$(count "$bin" "$tmp/q3000.jsonl")
    echo "$dir: $(( (many - one) / 2999 )) instructions per query, $one for loading and one query"
done
rm -rf "$tmp"
