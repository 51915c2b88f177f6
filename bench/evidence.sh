#!/usr/bin/env bash
# Evidence, claims and scenarios against their floors (issue 8), on the real data:
#
#   bench/evidence.sh                  (called by bench/run.sh; runs alone too)
#
# 1. a store of the daily series and the gazetteer (FRONTLINE_EVIDENCE_STORE to reuse one);
# 2. `evidence import` of UAControlMap's 35,015 records and `evidence check` of all of them against
#    the whole daily series, 3 runs each (median wall time, largest peak RSS); floor 5 s for the check;
# 3. the Python reference on the records of September-December 2025 (tests/reference/compare.py
#    evidence --reference-only) against `evidence check` of the same window: the ratio;
# 4. 1,000,000 synthetic records (bench/evidence_synthetic.py: seeded, near the front, each with a
#    source of its own) imported and checked; floors 60 s and 2 GB for the check;
# 5. 10,000 synthetic claims on the gazetteer's settlements judged by `claims check FILE`; floor 10 s;
# 6. a scenario (cede Donetsk and Luhansk oblasts as of 2026-01-01) timed once;
# and prints a markdown table, also written to bench/results/evidence.md.
#
# Environment: FRONTLINE_DATA (default ../shared/data), FRONTLINE_BIN (default the release build),
# FRONTLINE_WORK (scratch folder), FRONTLINE_EVIDENCE_STORE (a store with the daily series and the
# gazetteer, copied, not changed), FRONTLINE_SKIP_REFERENCE=1.
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
PY=/usr/bin/python3
TIME=/usr/bin/time
SHARED=${FRONTLINE_DATA:-$REPO/../shared/data}
DAILY=$(ls "$SHARED"/deepstate/deepstate-occupied-daily-*.tar.zst 2>/dev/null | head -n1 || true)
OWL=$SHARED/evidence/owlmaps/owl_geolocations_2024_2026.csv
BIN=${FRONTLINE_BIN:-$REPO/build/release/tools/frontline/frontline}
[ -x "$BIN" ] || { echo "error: frontline binary not found at $BIN" >&2; exit 2; }
[ -n "$DAILY" ] && [ -f "$OWL" ] || { echo "error: the daily archive or $OWL not found (set FRONTLINE_DATA)" >&2; exit 2; }
WORK=${FRONTLINE_WORK:-$(mktemp -d /tmp/frontline-evidence.XXXXXX)}
mkdir -p "$WORK"
log() { echo "== $*" >&2; }
median() { sort -g | awk '{v[NR]=$1} END {printf "%.2f\n", (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# Runs "$@" N times under GNU time; prints "median_seconds max_rss_mib".
timed() {
  local n=$1; shift
  : > "$WORK/t.txt"
  for i in $(seq "$n"); do
    "$TIME" -f '%e %M' -o "$WORK/t1.txt" "$@" > /dev/null
    cat "$WORK/t1.txt" >> "$WORK/t.txt"
  done
  local s rss
  s=$(awk '{print $1}' "$WORK/t.txt" | median)
  rss=$(awk 'BEGIN {m = 0} {if ($2 > m) m = $2} END {printf "%.0f", m / 1024}' "$WORK/t.txt")
  echo "$s $rss"
}

BASE=$WORK/base.frontline
if [ -n "${FRONTLINE_EVIDENCE_STORE:-}" ]; then
  cp "$FRONTLINE_EVIDENCE_STORE" "$BASE"
else
  log "store: the daily series and the gazetteer"
  rm -f "$BASE"
  "$BIN" import --store "$BASE" --map deepstate-daily --status occupied_total --time-from-name "$DAILY" > /dev/null
  "$BIN" places import --store "$BASE" data/places data "$SHARED/boundaries" > /dev/null
fi

log "evidence import of UAControlMap (35,015 records), 3 runs"
: > "$WORK/imp.txt"
for i in 1 2 3; do
  cp "$BASE" "$WORK/ev.frontline"
  "$TIME" -f '%e %M' -o "$WORK/t1.txt" "$BIN" evidence import --store "$WORK/ev.frontline" "$OWL" --allow-unsourced > /dev/null
  cat "$WORK/t1.txt" >> "$WORK/imp.txt"
done
IMP_S=$(awk '{print $1}' "$WORK/imp.txt" | median)
IMP_MB=$(awk 'BEGIN {m = 0} {if ($2 > m) m = $2} END {printf "%.0f", m / 1024}' "$WORK/imp.txt")
STORED=$("$BIN" evidence check --store "$WORK/ev.frontline" --map deepstate-daily --limit 0 | awk 'NR == 1 {print $1}')

log "evidence check of every record against the daily series, 3 runs"
read -r CHK_S CHK_MB < <(timed 3 "$BIN" evidence check --store "$WORK/ev.frontline" --map deepstate-daily --all --json)

REF_S="-"; WIN_S="-"; RATIO="-"
if [ "${FRONTLINE_SKIP_REFERENCE:-0}" != 1 ]; then
  log "the Python reference on September-December 2025"
  read -r WIN_S _ < <(timed 3 "$BIN" evidence check --store "$WORK/ev.frontline" --map deepstate-daily --all --json \
    --from 2025-09-01 --to 2025-12-31)
  "$TIME" -f '%e %M' -o "$WORK/ref.txt" "$PY" tests/reference/compare.py evidence --reference-only \
    --archive "$DAILY" --evidence "$OWL" --repo-data data > /dev/null
  REF_S=$(awk '{print $1}' "$WORK/ref.txt")
  RATIO=$(awk -v a="$REF_S" -v b="$WIN_S" 'BEGIN {printf "%.0f", a / b}')
fi

log "1,000,000 synthetic records"
"$PY" bench/evidence_synthetic.py records 1000000 > "$WORK/synthetic.csv"
cp "$BASE" "$WORK/syn.frontline"
read -r SYN_IMP_S SYN_IMP_MB < <(timed 1 "$BIN" evidence import --store "$WORK/syn.frontline" "$WORK/synthetic.csv" \
  --now 2026-11-01)
read -r SYN_CHK_S SYN_CHK_MB < <(timed 1 "$BIN" evidence check --store "$WORK/syn.frontline" --map deepstate-daily --json)

log "10,000 synthetic claims"
"$BIN" places list --store "$BASE" --kind settlement --oblast Donetsk --csv > "$WORK/settlements.csv"
"$PY" bench/evidence_synthetic.py claims 10000 "$WORK/settlements.csv" > "$WORK/claims.csv"
read -r CLM_S CLM_MB < <(timed 1 "$BIN" claims check --store "$BASE" --map deepstate-daily "$WORK/claims.csv" --json \
  --now 2026-11-01)

log "a scenario"
read -r SCN_S SCN_MB < <(timed 1 "$BIN" scenario --store "$BASE" --map deepstate-daily --at 2026-01-01 \
  --cede "Donetsk oblast" "Luhansk oblast" --json)

pass() { awk -v v="$1" -v f="$2" 'BEGIN {print (v <= f) ? "yes" : "**no**"}'; }
mkdir -p bench/results
{
  echo "| measure | figure | floor | within | reference | ratio |"
  echo "|---|---:|---:|---|---:|---:|"
  echo "| evidence import, UAControlMap 35,015 records ($STORED stored) | $IMP_S s, $IMP_MB MiB | | | | |"
  echo "| evidence check, all $STORED records vs the whole daily series | $CHK_S s, $CHK_MB MiB | 5 s | $(pass "$CHK_S" 5) | | |"
  echo "| evidence check, Sep-Dec 2025 | $WIN_S s | | | $REF_S s (shapely) | ${RATIO}x |"
  echo "| evidence import, 1,000,000 synthetic | $SYN_IMP_S s, $SYN_IMP_MB MiB | | | | |"
  echo "| evidence check, 1,000,000 synthetic | $SYN_CHK_S s, $SYN_CHK_MB MiB | 60 s, 2048 MiB | $(pass "$SYN_CHK_S" 60) / $(pass "$SYN_CHK_MB" 2048) | | |"
  echo "| claims check, 10,000 synthetic claims | $CLM_S s, $CLM_MB MiB | 10 s | $(pass "$CLM_S" 10) | | |"
  echo "| scenario, cede Donetsk and Luhansk (daily series, 2026-01-01) | $SCN_S s, $SCN_MB MiB | | | | |"
} | tee bench/results/evidence.md
