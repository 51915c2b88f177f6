#!/usr/bin/env bash
# Hostile geometry under 1 MB against the floor: every input repaired or refused within 10 s and
# 1 GB. Generates the inputs (tests/data/hostile/make_hostile.py), imports each into a fresh
# store, and prints a markdown table: size, exit status, wall and user seconds, peak RSS, and the
# first words of the error.
#
#   bench/hostile.sh [BIN]          # default build/release/tools/frontline/frontline
#
# Environment: HOSTILE_TIMEOUT (seconds, default 150) and HOSTILE_MEMORY (KiB of address space,
# default 6000000) stop runaway runs, as a build without the budget would be; HOSTILE_WORK (the
# folder for inputs and stores, default a fresh mktemp -d).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$REPO/build/release/tools/frontline/frontline}
GEN="/usr/bin/python3 $REPO/tests/data/hostile/make_hostile.py"
TIMEOUT=${HOSTILE_TIMEOUT:-150}
MEMORY=${HOSTILE_MEMORY:-6000000}
WORK=${HOSTILE_WORK:-$(mktemp -d)}
mkdir -p "$WORK"

# kind n decimals
CASES=(
  "random-ring 4000 6" "random-ring 10000 6" "random-ring 285 6"
  "diagonals 20000 4" "diagonals-x 20000 4" "diagonals 4000 4"
  "combs 5000 6" "combs 110 6"
  "holes 10000 4" "overlapping 10000 4" "strips 10000 6" "strips 440 6" "islands 480 5"
  "spiral 40000 6" "circle 40000 4" "mix 0 5"
)

echo "| input | bytes | exit | wall s | user s | peak RSS MB | result |"
echo "|---|---:|---:|---:|---:|---:|---|"
for c in "${CASES[@]}"; do
  read -r kind n decimals <<<"$c"
  f="$WORK/$kind-$n.geojson"
  [ -f "$f" ] || $GEN "$kind" "$n" "$f" --decimals "$decimals"
  store="$WORK/store-$kind-$n.db"
  rm -f "$store" "$store-wal" "$store-shm"
  set +e
  (
    ulimit -v "$MEMORY"
    /usr/bin/time -f '%e %U %M' -o "$WORK/time" timeout "$TIMEOUT" \
      "$BIN" import --store "$store" --status occupied --time 2025-01-01 --map m --threads 1 "$f" \
      >"$WORK/out" 2>"$WORK/err"
  )
  rc=$?
  set -e
  # time(1) puts "Command exited with non-zero status N" first when the command fails.
  read -r wall user rss < <(tail -n1 "$WORK/time") || true
  if [ "$rc" -eq 0 ]; then
    result="imported: $("$BIN" area --store "$store" --map m --at 2025-01-01 --csv | tail -n1 | cut -d, -f3-)"
  elif [ "$rc" -eq 124 ]; then
    result="killed after ${TIMEOUT} s"
  else
    result=$(grep -m1 'error' "$WORK/err" | sed -e 's/.*geojson: //' | cut -c1-90)
  fi
  printf '| %s %s | %s | %s | %s | %s | %.0f | %s |\n' "$kind" "$n" "$(stat -c %s "$f")" "$rc" "$wall" "$user" \
    "$(echo "${rss:-0} / 1024" | bc -l)" "$result"
  rm -f "$store" "$store-wal" "$store-shm"
done
