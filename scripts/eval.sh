#!/usr/bin/env bash
# Prints every matching-quality figure of README's table (release build; needs ../shared).
# Usage: scripts/eval.sh [BINARY]   (default: target/release/embargo, built if missing)
# Each evaluation loads its lists with --list, so no data directory is involved.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/embargo}
shared=${EMBARGO_SHARED:-../shared}
[ -x "$bin" ] || cargo build --release -q -p embargo-cli
L=$shared/lists
un=un_sc:$L/un/un_consolidated_2026-02-27.xml
uk=gb_ofsi:$L/uk_ofsi/ofsi_conlist_2018-04-13.csv
sdn=us_ofac_sdn:$L/us_ofac/sdn_2024-05-03.csv
all=(--list "$un" --list "$sdn" --list "us_ofac_cons:$L/us_ofac/cons_nonsdn_2025-03-28.xml"
     --list "$uk" --list "jp_mof:$L/jp_mof/mof_shisantouketsu_2026-03-05.xlsx"
     --list "ca_sema:$L/ca_sema/sema-lmes_2025-05.xml"
     --list "au_dfat:$L/au_dfat/regulation8_consolidated_2024-12.xlsx"
     --list "us_csl:$L/us_csl/consolidated_screening_list_2022-04.csv.gz")
out=target/eval
[ -f $out/negatives_us.jsonl ] || "$bin" eval prepare --shared "$shared" --out $out >/dev/null
figures() { grep -E '^(at threshold|recall@1|false alerts|candidate recall|\.\.\. of results)' ; }
echo "== name_bench pairs (UN list)"
"$bin" eval pairs "$shared/eval/name_bench_cases.csv" --list "$un" | grep -E '^(at threshold|best threshold)'
for spec in "un_treated.jsonl:$un:--check-candidates" "uk_un_links.jsonl:$un:" \
            "jp_katakana_un.jsonl:$un:--check-candidates" "un_arabic_uk.jsonl:$uk:--check-candidates" \
            "putin_sdn.jsonl:$sdn:" "ca_cyrillic_sdn.jsonl:$sdn:--check-candidates"; do
    IFS=: read -r file kind path flag <<<"$spec"
    echo "== $file (${kind})"
    "$bin" eval queries "$out/$file" --list "$kind:$path" $flag | figures
done
for file in negatives_us.jsonl negatives_us_name_only.jsonl; do
    echo "== $file (all 8 lists)"
    "$bin" eval queries "$out/$file" "${all[@]}" | figures
done
