#!/usr/bin/env bash
# The web map in a browser against the floors of issue 7 (docs/web.md, "Measured"):
#   bench/web.sh BIN STORE [WORK]
# 1. `BIN serve --web web/dist` on STORE, once its history tiles are built: web/tests/browser.mjs
#    --url, RUNS times (default 3), each a fresh browser after the first has warmed the server;
# 2. `BIN export-site` of STORE, and browser.mjs --static on it, RUNS times;
# 3. prints markdown table rows: the median over the runs of the slider step (itself the median
#    of 12 steps) and of the first load, with the floors (100 ms, 2 s) and the runs' spread.
# The checks of every run must pass; the timing limits are applied here, not by the test
# (--strict-timing would stop at the first slow run and hide the others).
# Needs the built app (web/dist: cd web && npm ci && npm run build) and Debian's Chromium.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LC_ALL=C
BIN=$1
STORE=$2
WORK=${3:-$(mktemp -d /tmp/frontline-web-bench.XXXXXX)}
RUNS=${FRONTLINE_WEB_RUNS:-3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$WORK"

if [ ! -f "$REPO/web/dist/index.html" ]; then
  echo "error: no built web app at $REPO/web/dist (cd web && npm ci && npm run build)" >&2
  exit 2
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "error: no Chromium at /usr/bin/chromium (apt-get install chromium)" >&2
  exit 2
fi

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print ""; else printf "%.0f\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
spread() { sort -g | awk 'NR == 1 {lo=$1} {hi=$1} END {printf "%.0f–%.0f", lo, hi}'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "") print "n/a"; else print (a + 0 <= b + 0) ? "pass" : "**FAIL**" }'; }

# One browser run: appends "step_ms load_ms" to $WORK/$1.txt, or fails with the test's output.
browse() {
  local mode=$1 out
  shift
  out=$(node "$REPO/web/tests/browser.mjs" "$@" --out "$WORK/shots-$mode" 2>&1) || {
    echo "error: the browser test failed ($mode):" >&2
    echo "$out" >&2
    return 1
  }
  echo "$out" | sed -n 's/.*slider_step_ms=\([0-9.]*\) first_load_ms=\([0-9.]*\).*/\1 \2/p' >>"$WORK/$mode.txt"
}

start_server "$BIN" "$STORE" "$REPO/web/dist" "$WORK"
# The history tiles are built after the start; the page waits for them, the measure should not.
tiles_built() {
  curl -s "$BASE/site.json" | /usr/bin/python3 -c '
import json, sys
maps = json.load(sys.stdin).get("maps", [])
sys.exit(0 if maps and all("bounds" in m for m in maps) else 1)'
}
for _ in $(seq 600); do tiles_built && break; sleep 0.3; done  # at most 3 minutes
: >"$WORK/api.txt"
for _ in $(seq "$RUNS"); do browse api --url "$BASE"; done
stop_server

"$BIN" export-site --store "$STORE" --out "$WORK/site" >/dev/null 2>&1
: >"$WORK/static.txt"
for _ in $(seq "$RUNS"); do browse static --static "$WORK/site"; done

for mode in api static; do
  step=$(awk '{print $1}' "$WORK/$mode.txt" | median)
  load=$(awk '{print $2}' "$WORK/$mode.txt" | median)
  echo "| web map ($mode mode): slider step, median of $RUNS runs ($(awk '{print $1}' "$WORK/$mode.txt" | spread) ms) | ${step} ms | ≤ 100 ms | $(verdict "$step" 100) |"
  echo "| web map ($mode mode): first load, median of $RUNS runs ($(awk '{print $2}' "$WORK/$mode.txt" | spread) ms) | ${load} ms | ≤ 2,000 ms | $(verdict "$load" 2000) |"
done
