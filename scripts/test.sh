#!/usr/bin/env bash
# Every test: installs what is missing, builds with warnings as errors and runs the whole suite
# (unit, golden CLI cases, real-data checks against the independent Python reference), then
# builds with ASan+UBSan and runs the fast tests again under the sanitizers.
#   scripts/test.sh            (FRONTLINE_SKIP_ASAN=1 / FRONTLINE_SKIP_TSAN=1 / FRONTLINE_SKIP_TIDY=1 skip a pass)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
jobs=$(nproc)

cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
# The web map (web/): its npm packages from the lockfile, and the app built for the browser tests.
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
ctest --preset dev -j "$jobs"

# Static analysis: any clang-tidy finding fails the run.
if [ "${FRONTLINE_SKIP_TIDY:-0}" != 1 ]; then
  scripts/tidy.sh build/dev
fi

# ThreadSanitizer over the tests of many threads reading one store (the server's pattern).
if [ "${FRONTLINE_SKIP_TSAN:-0}" != 1 ]; then
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs"
  ctest --preset tsan
fi

if [ "${FRONTLINE_SKIP_ASAN:-0}" != 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs" -LE 'slow|web'
fi
