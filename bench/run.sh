#!/usr/bin/env bash
# One-command benchmark of frontline against its floors and against the Python reference.
#
#   bench/run.sh
#
# 1. installs the system packages (scripts/install-deps.sh), configures and builds the release preset;
# 2. runs the Google Benchmark binary build/release/bench/frontline_bench if it was built;
# 3. times the whole job: the C++ one (bench/job_frontline.sh) 3 times, taking the median wall
#    time and the largest peak RSS, and the Python reference (bench/reference/frontline_ref.py job)
#    once; both with /usr/bin/time -f '%e %M' (wall seconds, peak RSS KiB);
# 4. times `frontline area --at 2025-06-01` and `frontline diff` of two consecutive versions,
#    10 runs each after one warm run (median wall ms), and measures the store's size; then the
#    places verbs, bench/serve.sh (the server under wrk, export-site), bench/web.sh (the web map in
#    Chromium) and bench/evidence.sh, each of which can be skipped (below);
# 5. prints a markdown table (figures, floors, ratio to the reference) and writes it to
#    bench/results/latest.md.
#
# Environment:
#   FRONTLINE_DATA            data root holding deepstate/*.tar.zst (or the folder of the archives
#                             itself); default: ../shared/data relative to the repository
#   FRONTLINE_SKIP_BUILD=1    use the existing build (no install, no configure, no build)
#   FRONTLINE_BIN             frontline binary (default build/release/tools/frontline/frontline)
#   FRONTLINE_SKIP_REFERENCE=1  do not run the (minutes-long) Python reference job
#   FRONTLINE_REFERENCE_NO_SPLIT=1  also run the reference without the border split (a lower
#                             bound of the ratio: the reference then does less than frontline)
#   FRONTLINE_WORK            scratch folder for the store and logs (default: a fresh mktemp -d)
#   FRONTLINE_SKIP_SERVE=1    do not run bench/serve.sh (the server under wrk, export-site)
#   FRONTLINE_SKIP_EVIDENCE=1 do not run bench/evidence.sh (evidence, claims, scenarios)
#   FRONTLINE_SKIP_WEB=1      do not build the web map nor run bench/web.sh (the map in Chromium:
#                             slider step and first load, against the server and the static export)
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
PY=/usr/bin/python3   # Debian's interpreter: has python3-shapely and python3-pyproj
TIME=/usr/bin/time

DATA=${FRONTLINE_DATA:-$REPO/../shared/data}
[ -d "$DATA/deepstate" ] && DATA="$DATA/deepstate"
HIST=$(ls "$DATA"/deepstate-history-*.tar.zst 2>/dev/null | head -n1 || true)
DAILY=$(ls "$DATA"/deepstate-occupied-daily-*.tar.zst 2>/dev/null | head -n1 || true)
if [ -z "$HIST" ] || [ -z "$DAILY" ]; then
  echo "error: DeepState archives not found in $DATA (set FRONTLINE_DATA)" >&2
  exit 2
fi

log() { echo "== $*" >&2; }

# ---------------------------------------------------------------------------------------- build
if [ "${FRONTLINE_SKIP_BUILD:-0}" != 1 ]; then
  log "installing dependencies"
  scripts/install-deps.sh
  log "configuring and building (release)"
  cmake --preset release >/dev/null
  cmake --build --preset release
  if [ "${FRONTLINE_SKIP_WEB:-0}" != 1 ]; then
    log "building the web map (npm ci, vite build)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2
  fi
fi
[ -x "$TIME" ] || { echo "error: $TIME (GNU time) is required" >&2; exit 2; }
BIN=${FRONTLINE_BIN:-$REPO/build/release/tools/frontline/frontline}
if [ ! -x "$BIN" ]; then
  echo "error: frontline binary not found at $BIN" >&2
  exit 2
fi
WORK=${FRONTLINE_WORK:-$(mktemp -d /tmp/frontline-bench.XXXXXX)}
mkdir -p "$WORK"
STORE=$WORK/store.frontline
[ "${BASH_VERSINFO[0]}" -ge 5 ] || { echo "error: bash >= 5 is required (EPOCHREALTIME)" >&2; exit 2; }

MICRO=""
if [ -x build/release/bench/frontline_bench ]; then
  log "micro-benchmarks (Google Benchmark)"
  build/release/bench/frontline_bench --benchmark_min_time=0.2 | tee "$WORK/micro.txt" >&2
  MICRO=$(cat "$WORK/micro.txt")
else
  log "no build/release/bench/frontline_bench: micro-benchmarks skipped"
fi

# ----------------------------------------------------------------------------------- helpers
median() { sort -g | awk '{v[NR]=$1} END {printf "%.2f\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
max() { sort -g | tail -n1; }

# Wall time in ms of one run of "$@" (output discarded); EPOCHREALTIME avoids forking a clock.
time_ms() {
  local t0 t1
  t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", (b - a) * 1000}'
}

# Median wall ms of 10 runs after one warm run.
bench_cmd() {
  "$@" >/dev/null
  local i
  for i in $(seq 10); do time_ms "$@"; done | median
}

# ------------------------------------------------------------------------------- C++ job x3
: > "$WORK/cpp_times.txt"
for i in 1 2 3; do
  log "C++ job, run $i/3"
  "$TIME" -f '%e %M' -o "$WORK/cpp_time_$i.txt" bench/job_frontline.sh "$BIN" "$STORE" "$HIST" "$DAILY" \
    > "$WORK/cpp_job_$i.log" 2>&1 || { cat "$WORK/cpp_job_$i.log" >&2; echo "error: C++ job failed" >&2; exit 1; }
  tail -n1 "$WORK/cpp_time_$i.txt" >> "$WORK/cpp_times.txt"
done
CPP_S=$(awk '{print $1}' "$WORK/cpp_times.txt" | median)
CPP_KB=$(awk '{print $2}' "$WORK/cpp_times.txt" | max)
STORE_BYTES=$(du -sb "$STORE" | awk '{print $1}')

# ------------------------------------------------------------------------ Python reference x1
# The ratio's denominator is the reference doing the same job: it splits every version at the
# border as frontline does (clipping the neighbours' land to each geometry's box first, as a
# careful analyst would). With FRONTLINE_REFERENCE_NO_SPLIT=1 the reference also runs without the
# split (the job as issue 5 set its floor, before the split existed): less work than frontline
# does, so its ratio is a lower bound, printed beside.
REF_S="" REF_KB="" NOSPLIT_S=""
if [ "${FRONTLINE_SKIP_REFERENCE:-0}" != 1 ]; then
  log "Python reference job (single process, with the border split; takes minutes)"
  "$TIME" -f '%e %M' -o "$WORK/ref_time.txt" "$PY" bench/reference/frontline_ref.py job \
    "$HIST" "$DAILY" > "$WORK/ref_job.json"
  read -r REF_S REF_KB < <(tail -n1 "$WORK/ref_time.txt")
  if [ "${FRONTLINE_REFERENCE_NO_SPLIT:-0}" = 1 ]; then
    log "Python reference job without the border split (single process; takes minutes)"
    "$TIME" -f '%e %M' -o "$WORK/ref_nosplit_time.txt" "$PY" bench/reference/frontline_ref.py job \
      --no-border-split "$HIST" "$DAILY" > "$WORK/ref_nosplit_job.json"
    read -r NOSPLIT_S _ < <(tail -n1 "$WORK/ref_nosplit_time.txt")
  fi
else
  log "FRONTLINE_SKIP_REFERENCE=1: reference job skipped"
fi

# ---------------------------------------------------------------------- area --at and diff
log "area --at and diff, 10 runs each"
AREA_MS=$(bench_cmd "$BIN" area --store "$STORE" --map deepstate --at 2025-06-01 --json)
read -r V1 V2 < <("$BIN" versions --store "$STORE" --map deepstate --json | "$PY" -c '
import json, sys
doc = json.load(sys.stdin)
rows = doc.get("versions", doc) if isinstance(doc, dict) else doc
def vid(r):
    if isinstance(r, dict):
        for k in ("source_id", "version_id", "id", "version"):
            if k in r:
                return r[k]
    return r
ids = [vid(r) for r in rows]
print(ids[-2], ids[-1])')
DIFF_MS=$(bench_cmd "$BIN" diff --store "$STORE" --map deepstate "$V1" "$V2" -o "$WORK/diff.geojson")

# ------------------------------------------------------------------------- places (issue 6)
log "places: gazetteer, place --at, --timeline, regions, 10 runs each"
PLACE_DIRS=(data/places data)
[ -d ../shared/data/boundaries ] && PLACE_DIRS+=(../shared/data/boundaries)
GAZ_MS=$(time_ms "$BIN" places import --store "$STORE" "${PLACE_DIRS[@]}")
PLACE_AT_MS=$(bench_cmd "$BIN" place Pokrovsk --store "$STORE" --map deepstate --at 2025-06-01 --json)
TL_KHERSON_MS=$(bench_cmd "$BIN" place Kherson --store "$STORE" --map deepstate --timeline --json)
TL_VUHLEDAR_MS=$(bench_cmd "$BIN" place Vuhledar --store "$STORE" --map deepstate --timeline --json)
REGIONS_MS=$(bench_cmd "$BIN" regions --store "$STORE" --map deepstate --level oblast --at 2025-06-01 --json)
STATUS_MS=$(bench_cmd "$BIN" status --store "$STORE" --map deepstate --at 2025-06-01 --lon 37.5 --lat 48.0 --json)
LINE_MS=$(bench_cmd "$BIN" line --store "$STORE" --map deepstate --at 2025-06-01 --json)
ADVANCE_MS=$(bench_cmd "$BIN" advance --store "$STORE" --map deepstate --from 2025-06-01 --to 2025-07-01 --json)
LINE_SERIES_MS=$(time_ms "$BIN" advance --store "$STORE" --map deepstate --by month --json)
# Every hromada at every version of both maps (the hromadas come from ../shared/data/boundaries).
HISTORY_MS=""
if [ -d ../shared/data/boundaries ]; then
  log "regions --history: every hromada at every version of both maps"
  HISTORY_MS=$(time_ms sh -c "'$BIN' regions --store '$STORE' --map deepstate --level hromada --history --csv >/dev/null &&
                              '$BIN' regions --store '$STORE' --map deepstate-daily --level hromada --history --csv >/dev/null")
fi

# ------------------------------------------------------------------------ server and static site
SERVE_ROWS=""
if [ "${FRONTLINE_SKIP_SERVE:-0}" != 1 ]; then
  log "the server under load and export-site (bench/serve.sh)"
  SERVE_ROWS=$(bench/serve.sh "$BIN" "$STORE" "$WORK/serve")
fi

# ------------------------------------------------------------------------- the web map (browser)
WEB_ROWS=""
if [ "${FRONTLINE_SKIP_WEB:-0}" != 1 ]; then
  log "the web map in Chromium, api and static mode (bench/web.sh)"
  WEB_ROWS=$(bench/web.sh "$BIN" "$STORE" "$WORK/web")
fi

# ------------------------------------------------------------- evidence, claims and scenarios
EVIDENCE_ROWS=""
if [ "${FRONTLINE_SKIP_EVIDENCE:-0}" != 1 ]; then
  log "evidence, claims and scenarios (bench/evidence.sh)"
  EVIDENCE_ROWS=$(FRONTLINE_BIN="$BIN" FRONTLINE_WORK="$WORK/evidence" bench/evidence.sh)
fi

# ------------------------------------------------------------------------------------ report
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
  if (a == "") { print "n/a"; exit }
  ok = (op == "<=") ? (a + 0 <= b + 0) : (a + 0 >= b + 0); print ok ? "pass" : "**FAIL**" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.1f\n", a / b }'; }
times() { [ "$1" = n/a ] && echo n/a || echo "$1×"; }
fmt() { awk -v a="$1" -v f="$2" 'BEGIN { if (a == "") print "n/a"; else printf f "\n", a }'; }

CPP_MB=$(awk -v k="$CPP_KB" 'BEGIN {printf "%.1f", k / 1024}')
REF_MB=$([ -n "$REF_KB" ] && awk -v k="$REF_KB" 'BEGIN {printf "%.1f", k / 1024}' || true)
STORE_MB=$(awk -v b="$STORE_BYTES" 'BEGIN {printf "%.2f", b / 1e6}')
SPEEDUP=$(ratio "$REF_S" "$CPP_S")
SPD=""; [ "$SPEEDUP" = n/a ] || SPD=$SPEEDUP

OUT=$WORK/latest.md
{
  echo "# frontline benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)," \
       "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo
  echo "Job: import both DeepState archives ($(basename "$HIST"), $(basename "$DAILY")), list every version," \
       "monthly net and gross gains of both over their full span. C++: median of 3 runs (peak RSS: largest);" \
       "reference: bench/reference/frontline_ref.py job, one run, single process (shapely + pyproj)." \
       "Both split every version at the border with the neighbours' land."
  echo
  echo "| measure | frontline | floor | verdict | reference | reference / frontline |"
  echo "|---|---:|---:|---|---:|---:|"
  echo "| whole job, wall | $(fmt "$CPP_S" '%.2f s') | ≤ 10 s | $(verdict "$CPP_S" '<=' 10) | $(fmt "$REF_S" '%.1f s') | $(times "$SPEEDUP") |"
  echo "| whole job, peak RSS | $CPP_MB MiB | ≤ 1 GB | $(verdict "$CPP_KB" '<=' 976562) | $(fmt "$REF_MB" '%s MiB') | $(times "$(ratio "$REF_KB" "$CPP_KB")") |"
  echo "| speed-up over the reference, the same job | $(fmt "$SPD" '%s×') | ≥ 30× | $(verdict "$SPD" '>=' 30) | | |"
  if [ -n "$NOSPLIT_S" ]; then
    echo "| the reference without the border split (less work than frontline does) | | | | $(fmt "$NOSPLIT_S" '%.1f s') | $(times "$(ratio "$NOSPLIT_S" "$CPP_S")") |"
  fi
  echo "| store size | $STORE_MB MB | ≤ 20 MB | $(verdict "$STORE_MB" '<=' 20) | | |"
  echo "| \`area --at 2025-06-01\` | $AREA_MS ms | ≤ 10 ms | $(verdict "$AREA_MS" '<=' 10) | | |"
  echo "| \`diff $V1 $V2\` | $DIFF_MS ms | ≤ 40 ms | $(verdict "$DIFF_MS" '<=' 40) | | |"
  echo "| \`places import\` (the gazetteer) | $GAZ_MS ms | | | | |"
  echo "| \`place Pokrovsk --at 2025-06-01\` | $PLACE_AT_MS ms | ≤ 20 ms | $(verdict "$PLACE_AT_MS" '<=' 20) | | |"
  echo "| \`place Kherson --timeline\` | $TL_KHERSON_MS ms | ≤ 200 ms | $(verdict "$TL_KHERSON_MS" '<=' 200) | | |"
  echo "| \`place Vuhledar --timeline\` | $TL_VUHLEDAR_MS ms | ≤ 200 ms | $(verdict "$TL_VUHLEDAR_MS" '<=' 200) | | |"
  echo "| \`regions --level oblast --at 2025-06-01\` | $REGIONS_MS ms | | | | |"
  echo "| \`status --at 2025-06-01\` (a point) | $STATUS_MS ms | | | | |"
  echo "| \`line --at 2025-06-01\` | $LINE_MS ms | ≤ 200 ms | $(verdict "$LINE_MS" '<=' 200) | | |"
  echo "| \`advance\` 2025-06-01 → 2025-07-01 | $ADVANCE_MS ms | ≤ 500 ms | $(verdict "$ADVANCE_MS" '<=' 500) | | |"
  echo "| \`advance --by month\` (the whole history) | $LINE_SERIES_MS ms | | | | |"
  echo "| every hromada at every version, both maps | $(fmt "$HISTORY_MS" '%s ms') | ≤ 10,000 ms | $(verdict "$HISTORY_MS" '<=' 10000) | | |"
  echo
  echo "Runs of the C++ job (wall s, peak RSS KiB): $(tr '\n' ';' < "$WORK/cpp_times.txt" | sed 's/;$//; s/;/; /g')."
  if [ -s "$WORK/ref_job.json" ]; then
    echo; echo "Reference job summary:"; echo; echo '```json'; cat "$WORK/ref_job.json"; echo '```'
  fi
  if [ -n "$SERVE_ROWS" ]; then
    echo; echo "The server and the static site (bench/serve.sh: wrk on loopback, 2 threads, 32 keep-alive connections):"
    echo; echo "| measure | frontline | floor | verdict |"; echo "|---|---:|---:|---|"; echo "$SERVE_ROWS"
  fi
  if [ -n "$WEB_ROWS" ]; then
    echo; echo "The web map (bench/web.sh: Chromium headless, the real store, a fresh browser per run):"
    echo; echo "| measure | frontline | floor | verdict |"; echo "|---|---:|---:|---|"; echo "$WEB_ROWS"
  fi
  if [ -n "$EVIDENCE_ROWS" ]; then
    echo; echo "Evidence, claims and scenarios (bench/evidence.sh: the daily series and the gazetteer):"
    echo; echo "$EVIDENCE_ROWS"
  fi
  if [ -n "$MICRO" ]; then
    echo; echo "Micro-benchmarks (build/release/bench/frontline_bench --benchmark_min_time=0.2):"; echo
    echo '```'; echo "$MICRO"; echo '```'
  fi
} > "$OUT"

mkdir -p bench/results
cp "$OUT" bench/results/latest.md
cat "$OUT"
log "written to bench/results/latest.md (scratch: $WORK)"
