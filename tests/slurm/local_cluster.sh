#!/usr/bin/env bash
# A throw-away one-node SLURM cluster for tests, everything under one directory.
#
#   tests/slurm/local_cluster.sh start DIR   # munged, slurmctld, slurmd; waits for an idle node
#   tests/slurm/local_cluster.sh stop DIR    # cancels its jobs, stops exactly what start started
#   export SLURM_CONF=DIR/etc/slurm.conf     # what sbatch, squeue, scancel, sinfo then need
#
# Run as root (slurmd starts jobs as their submitting user) on Debian 12 with slurm-wlm and
# munge installed (scripts/setup.sh does both). It touches nothing outside DIR: its own munge
# key and socket (AuthInfo=socket=...), state, spool, logs and PID files under DIR, TCP ports
# that nothing listens on, no systemd and no /etc/slurm or /etc/munge. start on a DIR whose
# cluster is running does nothing; stop on a DIR that has none does nothing. The daemons run
# in the foreground (-D, -F) as children of start's shell, so the recorded PIDs are theirs.
#
# Choices, for a container without systemd or writable cgroups:
#   ProctrackType=proctrack/linuxproc  tracks a job's processes by parent PID; proctrack/cgroup
#                                      needs a cgroup hierarchy slurmd may manage (with systemd
#                                      that means a delegated slice)
#   TaskPlugin=task/none               no CPU binding (task/cgroup needs cgroups too)
#   no accounting                      no slurmdbd: jobacct_gather/none, accounting_storage/none
#   select/cons_tres with CR_CPU       CPUs are the consumable resource, so array tasks of one
#                                      CPU each run side by side on the one node
#   the node as `slurmd -C` reports it, so slurmd registers with a valid configuration.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
[ -n "$2" ] || usage
if [ "$action" = stop ] && [ ! -d "$2" ]; then exit 0; fi
mkdir -p "$2"
dir=$(cd "$2" && pwd)
conf=$dir/etc/slurm.conf
export SLURM_CONF=$conf
daemons=(munged slurmctld slurmd)

log() { echo "local_cluster: $*" >&2; }

# The PID recorded for a daemon, printed only while that process is alive and still ours:
# its command line names DIR (a recycled PID would not).
live_pid() {
  local file=$dir/pids/$1 pid
  [ -s "$file" ] || return 1
  pid=$(<"$file")
  alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/" || return 1
  echo "$pid"
}

# Whether a process exists and is not a zombie waiting to be reaped.
alive() {
  local state
  state=$(awk "{ print \$3 }" "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# A TCP port pair (P, P+1) nothing listens on, read from /proc/net/tcp{,6} (state 0A).
free_port_pair() {
  local listening="" hex p
  while read -r hex; do
    listening+=" $((16#$hex)) "
  done < <(awk 'FNR > 1 && $4 == "0A" { n = split($2, a, ":"); print a[n] }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  for ((p = 16817; p < 16917; p += 2)); do
    if [[ $listening != *" $p "* && $listening != *" $((p + 1)) "* ]]; then
      echo "$p"
      return 0
    fi
  done
  log "no free TCP port pair in 16817-16916"
  return 1
}

stop_cluster() {
  local name pid pids=() waited
  if pid=$(live_pid slurmctld); then
    # Jobs first, so no job step outlives its slurmd.
    scancel --quiet --partition=rwwce 2>/dev/null || true
    for ((waited = 0; waited < 30; ++waited)); do
      [ -z "$(squeue --noheader --states=RUNNING,COMPLETING 2>/dev/null)" ] && break
      sleep 1
    done
  fi
  for name in slurmd slurmctld munged; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      log "stopping $name (pid $pid)"
    fi
  done
  for pid in "${pids[@]}"; do
    for ((waited = 0; waited < 100; ++waited)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      log "pid $pid still running after 10 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # Reap it if it is our child (start and stop in one shell); otherwise wait for it to go.
    wait "$pid" 2>/dev/null || true
    for ((waited = 0; waited < 50; ++waited)); do alive "$pid" || break; sleep 0.1; done
  done
  for name in "${daemons[@]}"; do rm -f "$dir/pids/$name"; done
}

write_config() {
  local port node
  port=$(free_port_pair)
  # First line of `slurmd -C`: NodeName=<host> CPUs=.. Boards=.. ... RealMemory=..
  node=$(slurmd -C | head -n 1)
  [[ $node == NodeName=* ]] || {
    log "unexpected output of slurmd -C: $node"
    return 1
  }
  cat >"$conf" <<EOF
# Written by tests/slurm/local_cluster.sh: a one-node cluster under $dir.
ClusterName=rwwce-test
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=rwwce Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# Starts "$@" in the background with its output in log/NAME.out and records its PID.
spawn() {
  local name=$1
  shift
  "$@" </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/pids/$name"
}

# Waits up to SECONDS for COMMAND to succeed while daemon NAME keeps running.
wait_for() {
  local name=$1 seconds=$2 i
  shift 2
  for ((i = 0; i < seconds * 10; ++i)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    live_pid "$name" >/dev/null || {
      log "$name exited (see $dir/log/)"
      return 1
    }
    sleep 0.1
  done
  log "$name: timed out after ${seconds}s waiting for: $*"
  return 1
}

node_idle() {
  [ "$(sinfo --noheader --responding --states=idle --format=%t 2>/dev/null)" = idle ]
}

fail_start() {
  local f
  for f in "$dir"/log/*; do
    [ -f "$f" ] && {
      echo "--- $f" >&2
      tail -n 20 "$f" >&2
    }
  done
  stop_cluster
  exit 1
}

start_cluster() {
  local name pid running=0
  for name in "${daemons[@]}"; do live_pid "$name" >/dev/null && running=$((running + 1)); done
  if [ "$running" -eq "${#daemons[@]}" ]; then
    log "already running in $dir"
    wait_for slurmd 60 node_idle || fail_start
    return 0
  fi
  [ "$running" -eq 0 ] || stop_cluster  # a half-started cluster: start afresh
  [ "$(id -u)" -eq 0 ] || {
    log "must run as root (slurmd starts jobs as their users)"
    exit 1
  }
  for name in munged mungekey slurmctld slurmd sinfo; do
    command -v "$name" >/dev/null || {
      log "$name not found: install munge and slurm-wlm (scripts/setup.sh)"
      exit 1
    }
  done

  # Fresh state each start; the munge key is kept.
  rm -rf "$dir/state" "$dir/spool" "$dir/run" "$dir/log"
  mkdir -p "$dir/etc" "$dir/munge" "$dir/state" "$dir/spool" "$dir/run" "$dir/log" "$dir/pids"
  # munged wants its socket's directory open to all (clients run as the job's user) and
  # writable by none but root; the key is readable by root only.
  chmod 0755 "$dir/munge"
  [ -s "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key"
  chmod 0600 "$dir/munge/munge.key"
  write_config

  # --force: munged also wants every directory above its socket open to all, which DIR's
  # parents need not be (a private mktemp directory); root, who runs the test's jobs, gets in.
  spawn munged munged --foreground --force --key-file="$dir/munge/munge.key" \
    --socket="$dir/munge/munge.socket" --pid-file="$dir/run/munged.pid" \
    --seed-file="$dir/munge/munged.seed"
  wait_for munged 20 munge --socket="$dir/munge/munge.socket" --no-input || fail_start
  spawn slurmctld slurmctld -D -f "$conf"
  wait_for slurmctld 30 scontrol ping || fail_start
  spawn slurmd slurmd -D -f "$conf"
  wait_for slurmd 60 node_idle || fail_start
  log "running in $dir (SLURM_CONF=$conf):" \
    "munged $(<"$dir/pids/munged"), slurmctld $(<"$dir/pids/slurmctld"), slurmd $(<"$dir/pids/slurmd")"
}

case "$action" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
