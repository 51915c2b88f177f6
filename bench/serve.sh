#!/usr/bin/env bash
# The server and the static site under load (issue floors in docs/benchmarks.md):
#   bench/serve.sh BIN STORE [WORK]
# 1. starts `BIN serve` on loopback (its default 64 workers) and waits until its history tiles are built;
# 2. a tile rendered cold: /tiles/deepstate/{version}/8/154/88.mvt for 10 versions never asked
#    before (the median of curl's total time, ms);
# 3. wrk (Debian), 2 threads, 32 keep-alive connections, 10 s: a history tile (the time slider's
#    tiles) uncompressed, gzipped and in zstd, and a JSON answer (area as of a date), all already in
#    the server's memory: requests/s and the 99th percentile latency;
# 4. `BIN export-site` of the store (both maps): wall time and size.
# Prints markdown table rows: | measure | frontline | floor | verdict |
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LC_ALL=C
BIN=$1
STORE=$2
WORK=${3:-$(mktemp -d /tmp/frontline-serve-bench.XXXXXX)}
mkdir -p "$WORK"

verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
  if (a == "") { print "n/a"; exit }
  ok = (op == "<=") ? (a + 0 <= b + 0) : (a + 0 >= b + 0); print ok ? "pass" : "**FAIL**" }'; }
median() { sort -g | awk '{v[NR]=$1} END {printf "%.1f\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

start_server "$BIN" "$STORE" "" "$WORK"

T0=$EPOCHREALTIME
HIST_URL=$BASE/tiles/deepstate/history/8/154/88.mvt
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$HIST_URL")" = 200 ]; do sleep 0.2; done
READY_S=$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')

# Cold tiles: versions spread over the history, each asked once.
mapfile -t TIMES < <("$BIN" versions --store "$STORE" --map deepstate --json |
  /usr/bin/python3 -c 'import json,sys; v=json.load(sys.stdin); print("\n".join(x["source_id"] for x in v[::max(1,len(v)//10)][:10]))')
COLD_MS=$(for t in "${TIMES[@]}"; do
  curl -s -o /dev/null -w '%{time_total}\n' "$BASE/tiles/deepstate/$t/8/154/88.mvt"
done | awk '{printf "%.2f\n", $1 * 1000}' | median)

load() {  # URL [Accept-Encoding] -> "requests/s p99_ms"
  local enc=${2:-identity}
  curl -s -o /dev/null -H "Accept-Encoding: $enc" "$1"  # into the server's memory
  wrk -t2 -c32 -d10s --latency -H "Accept-Encoding: $enc" "$1" >"$WORK/wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)}
             else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.2f", v}' "$WORK/wrk.txt")
  echo "$rps $p99"
}
read -r TILE_RPS TILE_P99 < <(load "$HIST_URL")
read -r GZ_RPS GZ_P99 < <(load "$HIST_URL" gzip)
read -r ZST_RPS ZST_P99 < <(load "$HIST_URL" zstd)
size_of() { curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "$1"; }
TILE_KB=$(size_of "$HIST_URL" identity | awk '{printf "%.0f", $1 / 1000}')
GZ_KB=$(size_of "$HIST_URL" gzip | awk '{printf "%.0f", $1 / 1000}')
ZST_KB=$(size_of "$HIST_URL" zstd | awk '{printf "%.0f", $1 / 1000}')
read -r JSON_RPS JSON_P99 < <(load "$BASE/api/maps/deepstate/area?at=2025-06-01")
stop_server

T0=$EPOCHREALTIME
"$BIN" export-site --store "$STORE" --out "$WORK/site" --no-app --json >"$WORK/export.json" 2>/dev/null
EXPORT_S=$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
SITE_MB=$(du -sb "$WORK/site" | awk '{printf "%.1f", $1 / 1e6}')
SIZES=$(/usr/bin/python3 -c '
import json,sys
r = json.load(open(sys.argv[1]))
print("; ".join("%s: history tiles %.1f MB against %.1f MB for the same zooms of every version (%.0f×)" % (
    m["map"], m["history_bytes"] / 1e6, m["per_version_tiles_estimate_bytes"] / 1e6,
    m["per_version_tiles_estimate_bytes"] / max(1, m["history_bytes"])) for m in r["maps"]))' "$WORK/export.json")

echo "| server: history tiles of both maps built after the start | ${READY_S} s | | |"
echo "| server: a tile rendered cold (one version, zoom 8) | ${COLD_MS} ms | ≤ 30 ms | $(verdict "$COLD_MS" '<=' 30) |"
echo "| server: cached history tile, uncompressed (${TILE_KB} KB), wrk 32 connections | ${TILE_RPS} req/s, p99 ${TILE_P99} ms | ≥ 5,000 req/s, p99 ≤ 50 ms | $(verdict "$TILE_RPS" '>=' 5000) / $(verdict "$TILE_P99" '<=' 50) |"
echo "| server: the same tile gzipped (${GZ_KB} KB), as browsers ask | ${GZ_RPS} req/s, p99 ${GZ_P99} ms | ≥ 5,000 req/s, p99 ≤ 50 ms | $(verdict "$GZ_RPS" '>=' 5000) / $(verdict "$GZ_P99" '<=' 50) |"
echo "| server: the same tile in zstd (${ZST_KB} KB) | ${ZST_RPS} req/s, p99 ${ZST_P99} ms | ≥ 5,000 req/s, p99 ≤ 50 ms | $(verdict "$ZST_RPS" '>=' 5000) / $(verdict "$ZST_P99" '<=' 50) |"
echo "| server: cached JSON (area as of a date), wrk 32 connections | ${JSON_RPS} req/s, p99 ${JSON_P99} ms | ≥ 5,000 req/s, p99 ≤ 50 ms | $(verdict "$JSON_RPS" '>=' 5000) / $(verdict "$JSON_P99" '<=' 50) |"
echo "| \`export-site\` (both maps, data and tiles) | ${EXPORT_S} s, ${SITE_MB} MB | ≤ 60 s | $(verdict "$EXPORT_S" '<=' 60) |"
echo
echo "Tile sizes: $SIZES."
