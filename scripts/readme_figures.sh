#!/usr/bin/env bash
# Regenerates the README's figures, docs/figures/*.png, from a `rwwce reproduce` run directory:
# one figure of each built-in study, copied as the run drew it (gnuplot PNG; the SVG, its data
# file and gnuplot script stay beside it in the run's figures/ directories).
#
#   scripts/readme_figures.sh [RUN_DIR]
#
# RUN_DIR defaults to results/runs/readme, which is made with `rwwce reproduce --seeds 10`
# (about 25 minutes on 2 cores) when it does not hold a finished run; an existing RUN_DIR is
# resumed, so a killed run loses nothing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rwwce="${RWWCE_BUILD_DIR:-$repo/build}/rwwce"
run="${1:-$repo/results/runs/readme}"
if [ ! -f "$run/report.md" ]; then
  "$rwwce" reproduce --seeds 10 --out "$run"
fi
out="$repo/docs/figures"
mkdir -p "$out"
copy() {
  if [ ! -f "$run/$1" ]; then
    echo "readme_figures.sh: $run/$1 is missing; expected a finished rwwce reproduce run with gnuplot installed" >&2
    exit 2
  fi
  cp "$run/$1" "$out/$2"
  echo "readme_figures.sh: $out/$2" >&2
}
copy table1/figures/unit_effects.png table1-digit-effects.png
copy table2/figures/high_cost_control_vs_rwwce.png table2-high-cost.png
copy wdbc/figures/calibration.png wdbc-calibration.png
