#!/usr/bin/env bash
# The README's main command: set up (packages, build, data) and run the main job.
# Extra arguments are passed to the main job.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RWWCE_BUILD_DIR:-$repo/build}"
"$repo/scripts/setup.sh"
"$build/rwwce" data verify
# Table I, Table II and the WDBC study with the paper preset, one combined report.md.
"$build/rwwce" reproduce "$@"
