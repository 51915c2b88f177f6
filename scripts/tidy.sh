#!/usr/bin/env bash
# clang-tidy (the checks in .clang-tidy) over the library and the CLI, with the dev build's
# compile_commands.json; any finding fails. Run by scripts/test.sh.
#   scripts/tidy.sh [build-dir]     (default build/dev; configure the dev preset first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${1:-build/dev}
[ -f "$BUILD/compile_commands.json" ] || { echo "error: $BUILD/compile_commands.json is missing; run cmake --preset dev" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run-clang-tidy -p "$BUILD" -quiet -j "$(nproc)" "$PWD/(src|tools|server)/.*\.cpp$" >"$log" 2>&1 || status=$?
# run-clang-tidy 14 has no -warnings-as-errors: a warning in its output is a failure here.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '(warning|error): ' | sort -u || true)
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "clang-tidy found problems (exit $status):" >&2
  echo "${findings:-$(tail -n 40 "$log")}" >&2
  exit 1
fi
echo "clang-tidy: no findings"
