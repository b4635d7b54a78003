#!/usr/bin/env bash
# Prints embargo's speed and memory figures on ../shared/lists (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p embargo --bench figures
