#!/usr/bin/env bash
# Round-trip cost of PostgreSQL against SQLite for the store's shape of
# work (issue 21): 100,000 rows of ~520 bytes inserted one statement a row
# in one transaction (and with COPY on PostgreSQL), 1,000 unindexed counts,
# 10,000 point reads by id. Needs Debian's postgresql (pg_virtualenv makes a
# throwaway cluster; run as root or a user initdb accepts).
set -euo pipefail
cd "$(dirname "$0")/pg-probe"
cargo build --release -q --target-dir ../../target/pg-probe
echo "pg-probe — $(nproc) cores, $(uname -m), $(date -u +%F)"
pg_virtualenv ../../target/pg-probe/release/pg-probe
