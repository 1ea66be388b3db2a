#!/usr/bin/env bash
# The README's test command: set up (packages, build, data) and run the whole suite via CTest.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RWWCE_BUILD_DIR:-$repo/build}"
"$repo/scripts/setup.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 1800
