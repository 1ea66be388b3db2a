#!/usr/bin/env bash
# CTest slurm_array: the sharded run under a real SLURM (a one-node cluster of this machine's
# slurm-wlm and munge, tests/slurm/local_cluster.sh). Submits
# scripts/slurm/rwwce-array.sbatch as a 4-task array and the merge as the README says,
# cancels task 1 mid-run (after exactly one finished dataset), resubmits index 1, which resumes
# from its parts/, merges after every shard's success, and checks the merged runs.csv and
# summary.csv equal a single-process run byte for byte. Exits 77 (CTest: skipped) when not
# root or when the SLURM or munge binaries are missing; any other failure fails.
#
#   tests/slurm/slurm_array_test.sh RWWCE_BINARY PAUSE_SHIM
#
# PAUSE_SHIM is the LD_PRELOAD library built from tests/slurm/pause_after_first_part.cpp: only
# task 1's first attempt runs with it, and it stops that run right after its first finished
# dataset is saved, so the cancel always hits a run that is half done, on any machine.
set -euo pipefail

study=table1
study_options=(--datasets 8 --epochs 1)
shards=4
cancelled=1  # the array index cancelled mid-run and resubmitted

[ $# -eq 2 ] || {
  echo "usage: $0 RWWCE_BINARY PAUSE_SHIM" >&2
  exit 2
}
bin=$(realpath "$1")
shim=$(realpath "$2")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
array_script=$repo/scripts/slurm/rwwce-array.sbatch
merge_script=$repo/scripts/slurm/rwwce-merge.sbatch

skip() {
  echo "slurm_array_test: SKIPPED: $*"
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd (running as $(id -un))"
for tool in munged mungekey munge slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
  command -v "$tool" >/dev/null ||
    skip "$tool not found: scripts/setup.sh installs Debian's slurm-wlm and munge"
done
[ -x "$bin" ] || {
  echo "slurm_array_test: $bin is not an executable" >&2
  exit 1
}

log() { echo "slurm_array_test: [${SECONDS}s] $*"; }
fail() {
  echo "slurm_array_test: FAILED: $*" >&2
  exit 1
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rwwce-slurm-test.XXXXXX")
cluster=$scratch/cluster
out=$scratch/out
submit_dir=$scratch/submit
mkdir -p "$submit_dir"
finished=0
cleanup() {
  local rc=$?
  "$repo/tests/slurm/local_cluster.sh" stop "$cluster" || rc=1
  if [ "$finished" -eq 1 ] && [ "$rc" -eq 0 ]; then
    rm -rf "$scratch"
  else
    local f
    for f in "$submit_dir"/*.out; do  # the job's own lines come first, rwwce's table last
      [ -f "$f" ] || continue
      echo "--- $f (first lines)" >&2
      head -n 8 "$f" >&2
    done
    for f in "$cluster"/log/slurm*.log; do
      [ -f "$f" ] || continue
      echo "--- $f (last lines)" >&2
      tail -n 15 "$f" >&2
    done
    echo "slurm_array_test: logs kept in $scratch" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT

# The executable the jobs run: rwwce itself, except that task $cancelled's first attempt
# preloads the pause shim.
wrapper=$scratch/rwwce-under-test
cat >"$wrapper" <<EOF
#!/bin/bash
if [[ " \$* " == *" --shard $cancelled/$shards "* ]] && mkdir "$scratch/attempt-$cancelled" 2>/dev/null; then
  # (an AddressSanitizer build would otherwise refuse a library preloaded before its runtime)
  export LD_PRELOAD="$shim" RWWCE_PAUSE_MARKER="$scratch/paused" \
    ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}verify_asan_link_order=0"
fi
exec "$bin" "\$@"
EOF
chmod +x "$wrapper"

# Every wait ends by this time (seconds since the start): the test then fails and stops its
# cluster well before CTest's TIMEOUT would kill it and leave the daemons running.
deadline=240
# Polls COMMAND every 0.2 s until it succeeds; fails, saying WHAT it waited for, at the deadline.
wait_until() {
  local what=$1
  shift
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out after ${SECONDS}s waiting for $what"
    sleep 0.2
  done
}

# A field of one job or array task: JobState (PENDING, RUNNING, COMPLETED, ...), Reason, ...
field() { scontrol show job -o "$1" 2>/dev/null | grep -o " $2=[^ ]*" | head -n 1 | cut -d= -f2; }

# Whether job $1 is in state $2; fails the test once the job ended in another state.
job_is() {
  local state
  state=$(field "$1" JobState)
  [ "$state" = "$2" ] && return 0
  case "$state" in
    COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | PREEMPTED | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
      fail "job $1 ended $state, expected $2"
      ;;
  esac
  return 1
}

task_paused() {
  [ -s "$scratch/paused" ] && return 0
  job_is "${jobid}_$cancelled" RUNNING || true  # fails the test if the task ended instead
  return 1
}
process_gone() { [ ! -e "/proc/$1" ]; }
never_satisfied() {
  job_is "$1" PENDING && [ "$(field "$1" Reason)" = DependencyNeverSatisfied ]
}

trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Nothing of an enclosing SLURM job (CI may run in one) reaches rwwce or the test's cluster.
while read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SRUN)_' || true)

log "single-process reference: rwwce run $study ${study_options[*]}"
"$bin" run "$study" "${study_options[@]}" --out "$scratch/single" --quiet >/dev/null

"$repo/tests/slurm/local_cluster.sh" start "$cluster"
export SLURM_CONF=$cluster/etc/slurm.conf RWWCE_BIN=$wrapper
cd "$submit_dir"

# The README's lines, with the study options and one CPU per task (this node has few).
jobid=$(sbatch --parsable --cpus-per-task=1 --array=0-$((shards - 1)) \
  "$array_script" "$study" "$out" "${study_options[@]}")
first_merge=$(sbatch --parsable --dependency="afterok:$jobid" "$merge_script" "$out")
log "array job $jobid ($shards tasks); merge job $first_merge after afterok:$jobid"

wait_until "task ${jobid}_$cancelled to finish its first dataset" task_paused
paused_pid=$(<"$scratch/paused")
done_parts=$(find "$out/shard-$cancelled/parts" -name 'done' | wc -l)
[ "$done_parts" -eq 1 ] || fail "shard $cancelled holds $done_parts finished datasets, expected 1"
log "task ${jobid}_$cancelled (rwwce pid $paused_pid) has 1 of its datasets finished: scancel ${jobid}_$cancelled"
scancel "${jobid}_$cancelled"
wait_until "task ${jobid}_$cancelled to be cancelled" job_is "${jobid}_$cancelled" CANCELLED
wait_until "rwwce pid $paused_pid to end" process_gone "$paused_pid"

retry=$(sbatch --parsable --cpus-per-task=1 --array="$cancelled" \
  "$array_script" "$study" "$out" "${study_options[@]}")
log "cancelled task ${jobid}_$cancelled resubmitted as job $retry (--array=$cancelled)"
others=()
for ((k = 0; k < shards; ++k)); do
  [ "$k" -eq "$cancelled" ] || others+=("$k")
done
merge=$(sbatch --parsable --dependency="afterok$(printf ":${jobid}_%s" "${others[@]}"):$retry" \
  "$merge_script" "$out")
log "merge job $merge after afterok$(printf ":${jobid}_%s" "${others[@]}"):$retry"

wait_until "merge job $merge to complete" job_is "$merge" COMPLETED
log "merge job $merge completed"

# The first merge waits on the whole array, which holds a cancelled task: it never starts.
wait_until "merge job $first_merge to be DependencyNeverSatisfied" never_satisfied "$first_merge"
log "merge job $first_merge (afterok:$jobid) pends, DependencyNeverSatisfied: scancel $first_merge"
scancel "$first_merge"

grep -qE "resuming: 1 of [0-9]+ tasks already finished" "$submit_dir/rwwce-${retry}_$cancelled.out" ||
  fail "the resubmitted task's log does not say it resumed from its 1 finished dataset"
for f in runs.csv summary.csv; do
  cmp "$scratch/single/$f" "$out/merged/$f" || fail "merged $f differs from the single-process run"
done
log "merged runs.csv and summary.csv equal the single-process run byte for byte"
log "array $jobid, cancelled ${jobid}_$cancelled, resubmitted as $retry, merge $merge: passed"
finished=1
