#!/usr/bin/env bash
# CTest slurm_array: the sharded run under a real SLURM (a one-node cluster of this machine's
# slurm-wlm and munge, tests/slurm/local_cluster.sh), driven by the command blocks of
# docs/slurm.md, which it reads and runs as they are (doc_block below): submits
# scripts/slurm/rwwce-array.sbatch as a 4-task array of Table I (8 datasets x 2 seeds, 1 epoch)
# and the merge after it, cancels task 1 mid-run (after exactly one finished dataset), shows
# `rwwce status`, resubmits index 1, which resumes from its parts/, waits for the new merge
# job, shows `rwwce status` again, and checks the merged runs.csv and summary.csv equal a
# single-process run byte for byte (and again after the documented merge by hand). Exits 77
# (CTest: skipped) only when not root; as root, missing SLURM or munge binaries fail it (run
# scripts/setup.sh, which installs them), as does anything else.
#
#   tests/slurm/slurm_array_test.sh RWWCE_BINARY PAUSE_SHIM
#
# PAUSE_SHIM is the LD_PRELOAD library built from tests/slurm/pause_after_first_part.cpp: only
# task 1's first attempt runs with it, and it stops that run right after its first finished
# dataset is saved, so the cancel always hits a run that is half done, on any machine.
set -euo pipefail

# The documented blocks' variables (docs/slurm.md, "Before submitting"), for a small run.
STUDY=table1
OUT=out
N=4
OPTIONS=(--datasets 8 --seeds 2 --epochs 1)
K=1  # the array index cancelled mid-run and resubmitted
jobid="" merge="" retry=""  # set by the documented blocks: the array, merge and resubmitted jobs
tasks=16  # 8 datasets x 2 seeds
per_shard=$((tasks / N))

[ $# -eq 2 ] || {
  echo "usage: $0 RWWCE_BINARY PAUSE_SHIM" >&2
  exit 2
}
bin=$(realpath "$1")
shim=$(realpath "$2")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
docs=$repo/docs/slurm.md

skip() {
  echo "slurm_array_test: SKIPPED: $*"
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd (running as $(id -un))"
for tool in munged mungekey munge slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
  command -v "$tool" >/dev/null ||
    {
      echo "slurm_array_test: FAILED: $tool not found: run scripts/setup.sh, which installs" \
        "Debian's slurm-wlm and munge" >&2
      exit 1
    }
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
# The jobs are submitted from a stand-in of the repository, as docs/slurm.md says: its scripts/
# is the repository's, its build/rwwce the wrapper below, which the scripts then find by
# themselves. Job logs land there too, not in the source tree.
submit_dir=$scratch/repo
mkdir -p "$submit_dir/build"
ln -s "$repo/scripts" "$submit_dir/scripts"
out=$submit_dir/$OUT
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

# The executable the jobs run: rwwce itself, except that task $K's first attempt preloads the
# pause shim.
wrapper=$submit_dir/build/rwwce
cat >"$wrapper" <<EOF
#!/bin/bash
if [[ " \$* " == *" --shard $K/$N "* ]] && mkdir "$scratch/attempt-$K" 2>/dev/null; then
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
field() {
  scontrol show job -o "$1" 2>/dev/null | grep -oE "(^| )$2=[^ ]*" | head -n 1 | cut -d= -f2
}

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
  job_is "${jobid}_$K" RUNNING || true  # fails the test if the task ended instead
  return 1
}
process_gone() { [ ! -e "/proc/$1" ]; }
never_satisfied() {
  job_is "$1" PENDING && [ "$(field "$1" Reason)" = DependencyNeverSatisfied ]
}

# The shell commands of the block of docs/slurm.md marked "<!-- slurm_array_test: NAME -->":
# the lines of the fenced block that follows the marker.
doc_block() {
  local text
  text=$(awk -v marker="<!-- slurm_array_test: $1 -->" '
    $0 == marker { found = 1; next }
    found == 1 && /^```/ { found = 2; next }
    found == 2 && /^```/ { exit }
    found == 2 { print }' "$docs")
  [ -n "$text" ] || fail "docs/slurm.md has no command block marked '<!-- slurm_array_test: $1 -->'"
  printf '%s\n' "$text"
}
# Runs block NAME of docs/slurm.md in this shell (its variables stay set), showing it first.
run_doc_block() {
  local text
  text=$(doc_block "$1") || fail "no block '$1' in docs/slurm.md"
  {
    log "docs/slurm.md, block '$1':"
    echo "    ${text//$'\n'/$'\n'    }"
  } >&2
  eval "$text"
}
# The one change to the documented lines: this node has few CPUs, so one per task (the array
# script's #SBATCH default is 4).
sbatch() { command sbatch --cpus-per-task=1 "$@"; }

# Runs the documented `rwwce status` into the log and into $scratch/status-$1.txt.
show_status() {
  run_doc_block status >"$scratch/status-$1.txt" || fail "rwwce status exited $? ($1)"
  sed 's/^/    | /' "$scratch/status-$1.txt"
}
# Whether the status output $1 has a line matching the extended regex $2; fails saying so.
status_says() {
  grep -qE "$2" "$scratch/status-$1.txt" || fail "rwwce status ($1) has no line matching: $2"
}

trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Nothing of an enclosing SLURM job (CI may run in one) reaches rwwce or the test's cluster, and
# the scripts find the executable as a user's would (docs/slurm.md: no RWWCE_BIN, RWWCE_REPO).
while read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SRUN)_' || true)
unset RWWCE_BIN RWWCE_REPO

log "single-process reference: rwwce run $STUDY ${OPTIONS[*]}"
"$bin" run "$STUDY" "${OPTIONS[@]}" --out "$scratch/single" --quiet >/dev/null

"$repo/tests/slurm/local_cluster.sh" start "$cluster"
export SLURM_CONF=$cluster/etc/slurm.conf
cd "$submit_dir"

run_doc_block submit
[[ $jobid =~ ^[0-9]+$ && $merge =~ ^[0-9]+$ ]] ||
  fail "sbatch --parsable printed '$jobid' and '$merge', expected job ids"
first_merge=$merge
log "array job $jobid ($N tasks, indices 0-$((N - 1))); merge job $first_merge after afterok:$jobid"

wait_until "task ${jobid}_$K to finish its first dataset" task_paused
paused_pid=$(<"$scratch/paused")
done_parts=$(find "$out/shard-$K/parts" -name 'done' | wc -l)
[ "$done_parts" -eq 1 ] || fail "shard $K holds $done_parts finished datasets, expected 1"
log "task ${jobid}_$K (job $(field "${jobid}_$K" JobId), rwwce pid $paused_pid) has 1 of its" \
  "$per_shard datasets finished: scancel ${jobid}_$K"
scancel "${jobid}_$K"
wait_until "task ${jobid}_$K to be cancelled" job_is "${jobid}_$K" CANCELLED
wait_until "rwwce pid $paused_pid to end" process_gone "$paused_pid"
log "task ${jobid}_$K cancelled"

log "rwwce status after the cancel:"
show_status cancelled
status_says cancelled "^shard-$K +stopped +1 +0 +$((per_shard - 1)) +$per_shard +killed \(PID $paused_pid\); resubmit array index $K\$"
status_says cancelled "^merge: cannot run yet:\$"
status_says cancelled "^  shard-$K is stopped\$"

# The first merge waits on the whole array, which holds a cancelled task: it never starts.
wait_until "merge job $first_merge to be DependencyNeverSatisfied" never_satisfied "$first_merge"
log "merge job $first_merge (afterok:$jobid) pends, DependencyNeverSatisfied"

run_doc_block resubmit
log "cancelled task ${jobid}_$K resubmitted as job $retry (--array=$K); merge job $first_merge" \
  "cancelled; merge job $merge after afterany:$jobid,afterok:$retry"
wait_until "merge job $first_merge to be cancelled" job_is "$first_merge" CANCELLED

wait_until "merge job $merge to complete" job_is "$merge" COMPLETED
log "merge job $merge completed"

log "rwwce status after the merge:"
show_status merged
for ((k = 0; k < N; ++k)); do
  status_says merged "^shard-$k +complete +$per_shard +0 +0 +$per_shard\$"
done
status_says merged "^total +$tasks +0 +0 +$tasks\$"
status_says merged "^merge: can run \(every shard complete\):\$"
status_says merged "^  rwwce merge $OUT/shard-\* --out $OUT/merged\$"

# The scripts found the stand-in repository's build/rwwce by themselves (no RWWCE_BIN).
for f in "$submit_dir/rwwce-${jobid}_0.out" "$submit_dir/rwwce-merge-$merge.out"; do
  grep -qF ", $submit_dir/build/rwwce" "$f" ||
    fail "$(basename "$f") does not show the job running $submit_dir/build/rwwce: $(head -n 1 "$f")"
done
grep -qE "resuming: 1 of $per_shard tasks already finished" "$submit_dir/rwwce-${retry}_$K.out" ||
  fail "the resubmitted task's log does not say it resumed from its 1 finished dataset"
for f in runs.csv summary.csv; do
  cmp "$scratch/single/$f" "$out/merged/$f" || fail "merged $f differs from the single-process run"
done
log "merged runs.csv and summary.csv equal the single-process run byte for byte"

# The documented merge by hand writes the same files again.
run_doc_block merge >/dev/null 2>"$scratch/merge-by-hand.err" ||
  fail "the merge by hand failed: $(tail -n 3 "$scratch/merge-by-hand.err")"
for f in runs.csv summary.csv; do
  cmp "$scratch/single/$f" "$out/merged/$f" ||
    fail "$f of the merge by hand differs from the single-process run"
done
log "the merge by hand writes them again, byte for byte the same"

log "the jobs, as SLURM recorded them:"
for j in "$jobid" "$retry" "$first_merge" "$merge"; do
  scontrol show job -o "$j" | while read -r record; do
    echo "    $(grep -oE '^JobId=[0-9]+|ArrayJobId=[0-9]+|ArrayTaskId=[0-9]+|JobName=[^ ]+|JobState=[A-Z]+|Dependency=[^ ]+' <<<"$record" |
      paste -sd ' ')"
  done
done
log "array $jobid, cancelled ${jobid}_$K, resubmitted as $retry, merge $merge: passed"
finished=1
