#!/usr/bin/env bash
# A single-node SLURM cluster for the tests and the benchmark (Debian's slurm-wlm and munge,
# installed by .ci/run): `cluster.sh start` starts it unless it runs (idempotent) and waits until
# the node is idle; `cluster.sh stop` stops what it started; `cluster.sh status`. Everything it
# writes lies under $BLUEETL_SLURM_DIR (default /tmp/blueetl-slurm), never in the repository and
# never in /etc/slurm: the commands find the cluster through SLURM_CONF=$BLUEETL_SLURM_DIR/slurm.conf.
# Without slurmdbd there is no accounting (sacct fails): the executor never needs it.
set -euo pipefail
dir="${BLUEETL_SLURM_DIR:-/tmp/blueetl-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

# A daemon runs when its pid file names a live process that is not a zombie (a stopped daemon
# whose parent does not reap it stays a zombie, and kill -0 still succeeds on it).
running() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]
}

idle() {
  local state
  state="$(sinfo -h -N -o '%t' 2>/dev/null | head -1)" || return 1
  [ "$state" = "idle" ] || [ "$state" = "mix" ] || [ "$state" = "alloc" ]
}

write_conf() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  # RealMemory below MemTotal (in MB), or slurmd reports less than configured and the node is drained.
  mem="$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat >"$conf.tmp" <<CONF
ClusterName=blueetl-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=${BLUEETL_SLURM_PORT:-6817}
SlurmdPort=$(( ${BLUEETL_SLURM_PORT:-6817} + 1 ))
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MinJobAge=60
KillWait=5
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  mv "$conf.tmp" "$conf"
}

start() {
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid" && idle; then
    echo "SLURM_CONF=$conf"
    return
  fi
  command -v slurmctld >/dev/null || { echo "slurmctld not found: apt-get install slurm-wlm munge" >&2; exit 1; }
  if ! running /run/munge/munged.pid; then
    [ -f /etc/munge/munge.key ] || mungekey --create
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge: /run/munge /var/log/munge /var/lib/munge /etc/munge /etc/munge/munge.key
    runuser -u munge -- munged
  fi
  running "$dir/slurmctld.pid" || { write_conf; slurmctld -f "$conf"; }
  running "$dir/slurmd.pid" || slurmd -f "$conf"
  for _ in $(seq 1 150); do
    if idle; then echo "SLURM_CONF=$conf"; return; fi
    sleep 0.2
  done
  echo "the SLURM node is not idle after 30 s: sinfo says '$(sinfo -h -N -o '%t %E' 2>&1 | head -1)'; see $dir/log" >&2
  exit 1
}

stop() {
  for daemon in slurmd slurmctld; do
    local pidfile="$dir/$daemon.pid"
    if running "$pidfile"; then
      kill "$(cat "$pidfile")"
      for _ in $(seq 1 50); do running "$pidfile" || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid" && idle; then echo "running: SLURM_CONF=$conf"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
