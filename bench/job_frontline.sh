#!/usr/bin/env bash
# The C++ side of the benchmark job: the same work as `frontline_ref.py job`.
#   bench/job_frontline.sh BIN STORE HISTORY_ARCHIVE DAILY_ARCHIVE
# Imports both archives into a fresh STORE (removed first), lists the versions of both maps,
# and computes the monthly net and gross gains of both over their full span of complete months.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 BIN STORE HISTORY_ARCHIVE DAILY_ARCHIVE" >&2
  exit 2
fi
BIN=$1 STORE=$2 HIST=$3 DAILY=$4

rm -rf -- "$STORE"
"$BIN" import --store "$STORE" --map deepstate "$HIST"
"$BIN" import --store "$STORE" --map deepstate-daily --status occupied_total --time-from-name "$DAILY"
"$BIN" versions --store "$STORE" --map deepstate --json >/dev/null
"$BIN" versions --store "$STORE" --map deepstate-daily --json >/dev/null
"$BIN" gains --store "$STORE" --map deepstate --by month --from 2022-05 --to 2025-07 --json >/dev/null
"$BIN" gains --store "$STORE" --map deepstate-daily --by month --from 2024-08 --to 2026-07 --json >/dev/null
