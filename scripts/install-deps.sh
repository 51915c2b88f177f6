#!/usr/bin/env bash
# Installs every system package frontline needs to build, test and benchmark.
# Idempotent: packages already present are not touched and apt-get is not called.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config zstd git time
  libgeos-dev libgdal-dev libgeographiclib-dev libsqlite3-dev libzstd-dev zlib1g-dev liblzma-dev libarchive-dev
  libsimdjson-dev nlohmann-json3-dev libxxhash-dev libcli11-dev libspdlog-dev libfmt-dev
  libhowardhinnant-date-dev tzdata libcpp-httplib-dev libprotozero-dev libexpat1-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pyproj python3-shapely
  clang libclang-rt-14-dev clang-format clang-tidy
  wrk chromium iproute2
)
# The web map (web/) is built with Node.js and npm: the machine's own when it has them (Vite needs
# Node.js 20.19 or later), else Debian's.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
