#!/usr/bin/env bash
# The README's test command (what CI runs): set up (packages, Release build, data), then
#   release  the whole suite on the Release build via CTest
#   asan     the whole suite built with AddressSanitizer + UBSan (build-asan/), but for the
#            full-table baseline runs and the SLURM cluster test, which the release part runs
#   tsan     the multi-threaded end-to-end tests built with ThreadSanitizer (build-tsan/)
#   fuzz     every libFuzzer target for a bounded time (scripts/fuzz.sh, build-fuzz/)
# and prints each part's wall time at the end. Every build directory is kept, so a second run
# is incremental.
#
# Environment:
#   RWWCE_WERROR=0           build the Release configuration without -Werror (default on)
#   RWWCE_TEST_PARTS         which parts run after setup (default "release asan tsan fuzz")
#   RWWCE_FUZZ_SECONDS       seconds per fuzz target (default 20)
#   RWWCE_JOBS               build and test parallelism (default: the number of cores)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RWWCE_BUILD_DIR:-$repo/build}"
parts="${RWWCE_TEST_PARTS:-release asan tsan fuzz}"
jobs="${RWWCE_JOBS:-$(nproc)}"
fuzz_seconds="${RWWCE_FUZZ_SECONDS:-20}"
export RWWCE_JOBS="$jobs"
# -Werror on the Release build (scripts/setup.sh reads it): the build is warning-free, and a
# new warning fails the tests. RWWCE_WERROR=0 turns it off.
export RWWCE_WERROR="${RWWCE_WERROR:-1}"

timings=()
# time_part NAME COMMAND...: runs the command, records its wall time, stops on failure.
time_part() {
  local name="$1" start end status=0
  shift
  echo "test.sh: === $name ===" >&2
  start="$(date +%s)"
  "$@" || status=$?
  end="$(date +%s)"
  timings+=("$(printf '%-8s %5d s  %s' "$name" "$((end - start))" \
    "$([ "$status" -eq 0 ] && echo ok || echo "FAILED (exit $status)")")")
  if [ "$status" -ne 0 ]; then
    print_timings
    exit "$status"
  fi
}
print_timings() {
  echo "test.sh: wall time per part:" >&2
  for t in "${timings[@]}"; do echo "  $t" >&2; done
}
wants() { [[ " $parts " == *" $1 "* ]]; }

# Configures and builds the suite in its own directory with the given CMake options.
build_suite() {
  local dir="$1"
  shift
  cmake -S "$repo" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DRWWCE_BUILD_BENCHMARKS=OFF "$@" >&2
  cmake --build "$dir" -j "$jobs" >&2
}

# The multi-threaded end-to-end tests: the rwwce binary with --threads 2 (Tables I and II, the
# AWS study, resume, shards, merge, compare) and the task runner's thread-count tests.
tsan_tests='^(Table1Cli|Table2Cli|WdbcCli|OpsCli|TaskRunner)\.'
tsan_files='/tests/(experiments/(table1_cli|table2_cli|wdbc)|cli/ops_cli|harness/run/task_runner)_test\.cpp$'

asan() {
  build_suite "$repo/build-asan" -DRWWCE_SANITIZE=ON
  # detect_leaks: a leak fails the test (the child rwwce exits non-zero, or the test binary).
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir "$repo/build-asan" --output-on-failure -j "$jobs" --timeout 1800 \
    -E '^Baseline\.' -LE slurm
}

tsan() {
  build_suite "$repo/build-tsan" -DRWWCE_TSAN=ON -DRWWCE_TEST_FILES_REGEX="$tsan_files"
  # tests/tsan.supp says why each suppression is there. OPENBLAS_NUM_THREADS=1: see tsan.supp.
  TSAN_OPTIONS="suppressions=$repo/tests/tsan.supp:second_deadlock_stack=1:history_size=4" \
    OPENBLAS_NUM_THREADS=1 \
    ctest --test-dir "$repo/build-tsan" --output-on-failure -j "$jobs" --timeout 1800 \
    --no-tests=error -R "$tsan_tests"
}

time_part setup "$repo/scripts/setup.sh"
if wants release; then
  time_part release ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 1800
fi
if wants asan; then time_part asan asan; fi
if wants tsan; then time_part tsan tsan; fi
if wants fuzz; then time_part fuzz "$repo/scripts/fuzz.sh" "$fuzz_seconds"; fi
print_timings
