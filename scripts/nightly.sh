#!/usr/bin/env bash
# Nightly regression run: Table I and Table II in full (paper preset) over the baselines' root
# seeds, into a dated directory, then `rwwce compare` of each against the committed baseline in
# results/baselines/ (made with the same seeds, so runs pair seed by seed). A row fails only
# when the candidate is worse than the baseline by more than its margin with one-sided
# significance (a non-inferiority test); the margins are the studies' regions of practical
# equivalence. Exit 0: neither table got worse; 1: at least one did or lost values (compare.md
# in the run directory says what); 2: bad input (e.g. a missing baseline).
#
#   scripts/nightly.sh [extra options for both `rwwce run` commands, e.g. --threads 8]
#
# Environment: RWWCE_BUILD_DIR (default <repo>/build), RWWCE_DATA (MNIST directory),
# RWWCE_NIGHTLY_DIR (default <repo>/results/runs/nightly-<UTC date>), RWWCE_NIGHTLY_SEEDS
# (default 1-5, the baselines' seeds). Re-running on the same day resumes the unfinished runs
# (same --out) and compares again.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RWWCE_BUILD_DIR:-$repo/build}"
rwwce="$build/rwwce"
out="${RWWCE_NIGHTLY_DIR:-$repo/results/runs/nightly-$(date -u +%Y%m%d)}"
seeds="${RWWCE_NIGHTLY_SEEDS:-1-5}"
baselines="$repo/results/baselines"
declare -A margins=(
  [table1]="--margin rwc=0.10 --margin fn=1 --margin fp=5 --margin top1_error=0.0005"
  [table2]="--margin rwc=0.0005 --margin high_cost=0.5 --margin top1_error=0.0005"
)

if [ ! -x "$rwwce" ]; then
  echo "nightly: $rwwce not found; build first (cmake -S . -B build && cmake --build build)" >&2
  exit 2
fi
mkdir -p "$out"
status=0
for table in table1 table2; do
  echo "nightly: running $table (root seeds $seeds) into $out/$table" >&2
  if ! "$rwwce" run "$table" --seeds "$seeds" --out "$out/$table" "$@" > /dev/null; then
    echo "nightly: rwwce run $table failed" >&2
    exit 2
  fi
done
for table in table1 table2; do
  # shellcheck disable=SC2086 # the margins are separate words
  "$rwwce" compare "$baselines/$table" "$out/$table" ${margins[$table]} | tee -a "$out/verdict.txt"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ge 2 ]; then
    exit "$rc"
  elif [ "$rc" -ne 0 ]; then
    status=1
  fi
done
echo "nightly: $( [ $status -eq 0 ] && echo OK || echo REGRESSION ): see $out/table1/compare.md and $out/table2/compare.md" >&2
exit "$status"
