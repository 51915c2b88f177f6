#!/usr/bin/env bash
# Every test: installs what is missing, checks the C++ formatting, builds once with ASan + UBSan
# and warnings as errors, runs the whole suite under the sanitizers (unit, golden CLI cases,
# real-data checks against the independent Python reference, browser tests) while clang-tidy
# runs beside it at a lower priority, then builds the concurrency tests with ThreadSanitizer and
# runs them. Each phase prints its wall time (docs/testing.md).
#   scripts/test.sh            (FRONTLINE_SKIP_TSAN=1 / FRONTLINE_SKIP_TIDY=1 skip a pass)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS
phase_start=$SECONDS
phase() {
  echo "== test.sh: $1 (after $((SECONDS - phase_start)) s; $((SECONDS - start)) s in all)"
  phase_start=$SECONDS
}
scripts/install-deps.sh
jobs=$(nproc)
phase "dependencies installed"

# Every C++ file as .clang-format writes it (a second or two; clang-format names each file and line).
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run --Werror
phase "C++ formatting checked"

# One build for the suite: ASan + UBSan at -Og (a quarter of -O2 -g's compile time, and as fast to
# run as a debug build), warnings as errors. The dev preset is the same code without sanitizers.
cmake --preset asan >/dev/null

# Static analysis needs only the compile commands: it runs beside the build and the tests, niced,
# on the CPU they leave idle (tests that wait on processes, locks and sockets). Any finding fails.
tidy_pid=
tidy_log=$(mktemp)
# Its own process group (setsid), so that a failed build or test stops all of it.
trap 'if [ -n "$tidy_pid" ]; then kill -- "-$tidy_pid" 2>/dev/null || true; fi; rm -f "$tidy_log"' EXIT
if [ "${FRONTLINE_SKIP_TIDY:-0}" != 1 ]; then
  tidy_start=$SECONDS
  # A new session is a new scheduling autogroup, which Linux treats as an equal of the build's
  # unless the group itself is niced (from inside it, once setsid has made it): without that,
  # clang-tidy took half of the build's CPU instead of what the build leaves.
  setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec nice -n 19 scripts/tidy.sh build/asan' \
    >"$tidy_log" 2>&1 &
  tidy_pid=$!
fi

cmake --build --preset asan -j "$jobs"
phase "built (asan preset)"
# The web map (web/): its npm packages from the lockfile, and the app built for the browser tests.
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
phase "web app built"
ctest --preset asan -j "$jobs"
phase "every test passed under ASan + UBSan"

if [ -n "$tidy_pid" ]; then
  tidy_status=0
  wait "$tidy_pid" || tidy_status=$?
  tidy_pid=
  cat "$tidy_log"
  [ "$tidy_status" -eq 0 ] || exit "$tidy_status"
  phase "clang-tidy (it ran $((SECONDS - tidy_start)) s beside the build and the tests)"
fi

# ThreadSanitizer over the tests of many threads reading one store (the server's pattern).
if [ "${FRONTLINE_SKIP_TSAN:-0}" != 1 ]; then
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs"
  ctest --preset tsan
  phase "concurrency tests passed under ThreadSanitizer"
fi
