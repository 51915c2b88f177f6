#!/usr/bin/env bash
# The web map's tests on the golden fixtures (docs/web.md):
#   tests/web/run.sh api|static FRONTLINE_BIN WORK
# api:    a store of the golden series and places, `frontline serve --web web/dist`, and the browser
#         test (web/tests/browser.mjs: Debian's Chromium driven by playwright-core);
# static: `frontline export-site` of the same store, its PMTiles read back by the pmtiles npm
#         library (web/tests/pmtiles_check.mjs), and the browser test on the exported folder.
# Needs the built app: (cd web && npm ci && npm run build); scripts/test.sh does it.
set -euo pipefail
MODE=$1
FL=$2
WORK=$3
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=$REPO/tests/data/golden
if [ ! -f "$REPO/web/dist/index.html" ] || [ ! -d "$REPO/web/node_modules" ]; then
  echo "the web app is not built: run (cd web && npm ci && npm run build)" >&2
  exit 1
fi
rm -rf "$WORK"
mkdir -p "$WORK"
STORE=$WORK/golden.db
"$FL" import --store "$STORE" --map deepstate "$DATA/deepstate" >/dev/null
"$FL" places import --store "$STORE" "$DATA/places" >/dev/null
cd "$REPO"
case $MODE in
  api)
    node web/tests/browser.mjs --frontline "$FL" --store "$STORE" --out "$WORK/screenshots"
    ;;
  static)
    "$FL" export-site --store "$STORE" --out "$WORK/site" --web web/dist
    node web/tests/pmtiles_check.mjs "$WORK/site"
    node web/tests/browser.mjs --static "$WORK/site" --out "$WORK/screenshots"
    ;;
  *)
    echo "usage: $0 api|static FRONTLINE_BIN WORK" >&2
    exit 2
    ;;
esac
