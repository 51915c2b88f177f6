#!/usr/bin/env bash
# Fixture for the reference tests: imports the bundled real archives (full DeepState history and
# the daily occupied-area series) and the Ukraine boundary into a fresh store.
#   import_real.sh FRONTLINE_BIN STORE DATA_DIR
set -euo pipefail
BIN=$1 STORE=$2 DATA=$3
rm -f -- "$STORE" "$STORE-wal" "$STORE-shm"
"$BIN" import --store "$STORE" --map deepstate "$DATA"/deepstate-history-*.tar.zst
"$BIN" import --store "$STORE" --map deepstate-daily --status occupied_total --time-from-name \
  "$DATA"/deepstate-occupied-daily-*.tar.zst
"$BIN" reference --store "$STORE" --name ukraine "$DATA"/ukraine-oblasts.geojson.gz
