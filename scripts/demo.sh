#!/usr/bin/env bash
# The main job on the embedded default store: installs what is missing, builds, imports the demo
# data bundled in data/ (the full DeepState history 2022-2025 and the daily occupied-area series
# to 2026-08) into ./frontline.db, builds its gazetteer, and prints the area table, the monthly
# gains, a place's timeline and the oblasts' shares, then serves the web map at
# http://127.0.0.1:8080 until Ctrl-C.
#   scripts/demo.sh            (FRONTLINE_STORE=path to use another store file, FRONTLINE_PORT=another port)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
BIN=build/release/tools/frontline/frontline
STORE=${FRONTLINE_STORE:-frontline.db}

echo "== importing into $STORE (again is a no-op: imports are idempotent)"
"$BIN" import --store "$STORE" --map deepstate data/deepstate-history-*.tar.zst
"$BIN" import --store "$STORE" --map deepstate-daily --status occupied_total --time-from-name \
  data/deepstate-occupied-daily-*.tar.zst
"$BIN" reference --store "$STORE" --name ukraine data/ukraine-oblasts.geojson.gz
# The gazetteer: the bundled oblasts and settlements, and the hromadas when the shared data is
# beside the repository (they are not bundled: docs/places.md).
PLACE_DIRS=(data/places data)
[ -d ../shared/data/boundaries ] && PLACE_DIRS+=(../shared/data/boundaries)
"$BIN" places import --store "$STORE" "${PLACE_DIRS[@]}"

echo
echo "== area by status, DeepState map, first of each quarter"
"$BIN" area --store "$STORE" --map deepstate --from 2022-07-01 --to 2025-07-01 --every month | awk 'NR==1 || NR%3==2'
echo
echo "== occupied area, daily series, as of 2026-08-01"
"$BIN" area --store "$STORE" --map deepstate-daily --at 2026-08-01
echo
echo "== monthly gains of occupied territory (daily series)"
"$BIN" gains --store "$STORE" --map deepstate-daily --by month --from 2024-08 --to 2026-07
echo
"$BIN" gains --store "$STORE" --map deepstate-daily --compare 2025-11 2025-09
echo
echo "== places: Vuhledar across the DeepState history; Pokrovsk (Krasnoarmeysk) on the daily series"
"$BIN" place Vuhledar --store "$STORE" --map deepstate --timeline
"$BIN" place Krasnoarmeysk --store "$STORE" --map deepstate-daily --timeline
echo
echo "== the oblasts where the occupied area grew most in 2025, and their share on 2026-01-01 (daily series)"
"$BIN" regions --store "$STORE" --map deepstate-daily --level oblast --from 2025-01-01 --to 2026-01-01 --top 8
echo
echo "== the web map: the whole history with a time slider (Ctrl-C stops the server)"
echo "   open http://127.0.0.1:${FRONTLINE_PORT:-8080}/ (its tiles are ready some seconds after the start)"
exec "$BIN" serve --store "$STORE" --port "${FRONTLINE_PORT:-8080}" --web web/dist
