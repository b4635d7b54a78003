#!/usr/bin/env bash
# Instructions per screened query (valgrind callgrind; repeatable on a busy machine, unlike
# wall-clock figures), for the release `embargo` binary of this checkout or of the
# checkouts given as arguments. Needs valgrind, target/eval (embargo eval prepare) and a
# data directory with the lists imported (EMBARGO_DATA).
# Two figures per checkout:
# - per `eval queries` query = (run of 3,000 name-only negatives - run of 1) / 2,999
#   (eval explains the best five results of every query);
# - `embargo screen` of the first 1,000 name-only negatives, counting only the search and
#   the grouping of hits (callgrind toggled on Index::search and Screener::rows).
set -euo pipefail
cd "$(dirname "$0")/.."
queries=target/eval/negatives_us_name_only.jsonl
tmp=$(mktemp -d)
head -3000 "$queries" > "$tmp/q3000.jsonl"
head -1000 "$queries" > "$tmp/q1000.jsonl"
head -1 "$queries" > "$tmp/q1.jsonl"
collected() { sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
count() { # binary, query file
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" eval queries "$2" 2>&1 >/dev/null |
        collected
}
screening() { # binary
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        --toggle-collect='embargo_matching::index::Index::search' \
        --toggle-collect='embargo::screen::Screener::rows' \
        "$1" screen --input "$tmp/q1000.jsonl" --output /dev/null 2>&1 | collected
}
for dir in "${@:-.}"; do
    bin="$dir/target/release/embargo"
    one=$(count "$bin" "$tmp/q1.jsonl")
    many=$(count "$bin" "$tmp/q3000.jsonl")
    echo "$dir: $(( (many - one) / 2999 )) instructions per eval query, $one for loading and one query"
    echo "$dir: $(screening "$bin") instructions to search and group hits for 1,000 screened names"
done
rm -rf "$tmp"
