#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang 14, ASan + UBSan, in build-fuzz/) and runs
# each for a bounded time on a copy of its committed seed corpus (tests/fuzz/corpus/<target>/,
# never modified). Exits non-zero when any target finds a crash, a sanitizer report, a leak, a
# timeout or an out-of-memory input, printing the reproducer's path.
#
#   scripts/fuzz.sh [SECONDS]      seconds per target, default 30
#
# Environment: RWWCE_FUZZ_BUILD_DIR (default build-fuzz), RWWCE_FUZZ_TARGETS (space-separated
# names, default all), RWWCE_JOBS (build parallelism, default 2).
# Reproduce a finding: build-fuzz/fuzz/fuzz_<target> <reproducer path>
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
build="${RWWCE_FUZZ_BUILD_DIR:-$repo/build-fuzz}"
jobs="${RWWCE_JOBS:-2}"
case "$seconds" in '' | *[!0-9]*)
  echo "fuzz.sh: expected a whole number of seconds per target, found '$seconds'" >&2
  exit 2
  ;;
esac

echo "fuzz: building the fuzz targets (clang++-14, ASan + UBSan) in $build" >&2
cmake -S "$repo" -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Release \
  -DRWWCE_FUZZ=ON -DRWWCE_BUILD_TESTS=OFF -DRWWCE_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" --target rwwce_fuzzers -j "$jobs" >&2

# Findings are saved under the build directory (git-ignored) so they outlive this run.
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
work="$(mktemp -d "${TMPDIR:-/tmp}/rwwce-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
symbolizer="$(command -v llvm-symbolizer-14 || true)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${symbolizer:+:external_symbolizer_path=$symbolizer}"

failed=()
ran=0
while read -r name exe max_len corpus; do
  if [ -n "${RWWCE_FUZZ_TARGETS:-}" ] && [[ " $RWWCE_FUZZ_TARGETS " != *" $name "* ]]; then
    continue
  fi
  ran=$((ran + 1))
  mkdir -p "$work/$name/corpus" "$artifacts/$name"
  [ -d "$corpus" ] && cp -r "$corpus/." "$work/$name/corpus/"
  log="$artifacts/$name/last-run.log"
  before="$(find "$artifacts/$name" -type f ! -name '*.log' | wc -l)"
  set +e
  "$exe" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name/" "$work/$name/corpus" >"$log" 2>&1
  rc=$?
  set -e
  after="$(find "$artifacts/$name" -type f ! -name '*.log' | wc -l)"
  stats="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  echo "fuzz: $name: ${execs:-?} executions in ${seconds}s; last status: ${stats:-none}" >&2
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
    failed+=("$name")
    echo "fuzz: $name FAILED (exit $rc); log: $log" >&2
    grep -E 'ERROR: |SUMMARY: |runtime error|fuzz: |Test unit written to' "$log" | head -n 20 >&2 || true
    sed -n 's/.*Test unit written to \(.*\)$/fuzz: reproducer: \1/p' "$log" >&2
    echo "fuzz: reproduce with: $exe <reproducer>" >&2
  fi
done <"$build/tests/fuzz/fuzzers.txt"

if [ "$ran" -eq 0 ]; then
  echo "fuzz: no target matched RWWCE_FUZZ_TARGETS='${RWWCE_FUZZ_TARGETS:-}'" >&2
  exit 2
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: $ran targets ran ${seconds}s each without a finding" >&2
