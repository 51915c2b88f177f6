#!/usr/bin/env bash
# clang-tidy (the checks in .clang-tidy) over the library and the CLI, with a configured build tree's
# compile_commands.json; any finding fails. Run by scripts/test.sh.
#   scripts/tidy.sh [build-dir]     (default build/asan, as scripts/test.sh; any configured preset)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${1:-build/asan}
[ -f "$BUILD/compile_commands.json" ] || { echo "error: $BUILD/compile_commands.json is missing; run cmake --preset asan" >&2; exit 2; }
log=$(mktemp)
db=$(mktemp -d)
trap 'rm -rf "$log" "$db"' EXIT
# The compile commands without the precompiled header (FRONTLINE_PCH): clang cannot read GCC's
# .gch, and each file must be checked with the includes it names itself.
python3 - "$BUILD/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, re, sys
entries = json.load(open(sys.argv[1]))
for e in entries:
    e["command"] = re.sub(r" -Winvalid-pch| -include \S*cmake_pch\.hxx", "", e["command"])
json.dump(entries, open(sys.argv[2], "w"))
PY
status=0
run-clang-tidy -p "$db" -quiet -j "$(nproc)" "$PWD/(src|tools|server)/.*\.cpp$" >"$log" 2>&1 || status=$?
# run-clang-tidy 14 has no -warnings-as-errors: a warning in its output is a failure here.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '(warning|error): ' | sort -u || true)
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "clang-tidy found problems (exit $status):" >&2
  echo "${findings:-$(tail -n 40 "$log")}" >&2
  exit 1
fi
echo "clang-tidy: no findings"
