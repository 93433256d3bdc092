# Bench on real LVM: what a create run and an expire run cost in this guest, with lvmsnapper as shipped and then
# the sequential way (--concurrency 1 --lvremove-per-snapshot: one volume and one command at a time, one lvremove
# per snapshot), in one boot, BENCH_ROUNDS times in turn (the emulated guest's speed drifts with the host's load:
# bench/real-lvm.ts reports each mode's median). 16 thin ext4 volumes over 2 VGs, each with a linkdir and one NFS
# client; a create run at midnight snapshots all 16, an expire run an hour later removes all 16 and creates nothing.
# Each run is a fresh CLI process timed around it (node start included, as cron sees it) and checked against lvs,
# mountinfo and exportfs; a kernel trace of every process it starts and process accounting give the per-command
# breakdown and CPU. After each shipped cycle, the commands of its create run are replayed by a bash script with
# no node (bench/real-lvm-replay.ts): what the same commands cost in this guest without lvmsnapper. Everything goes
# to bench-real.json, which bench/real-lvm.ts renders into bench/results.md.
BENCH_RAW=$VMOUT/logs/bench-real/raw
TRACEFS=/sys/kernel/tracing
BENCH_SUMMARY=$VM_REPO/dist/bench/real-lvm-summary.js
BENCH_SPAWN_COST=$VM_REPO/dist/bench/spawn-cost.js
BENCH_REPLAY=$VM_REPO/dist/bench/real-lvm-replay-cli.js
REPLAY_SCRIPT=/run/bench-replay.sh
REPLAY_LOCKS=/run/bench-replay-locks
# The kernel writes a record at every process exit: on tmpfs, not through the 9p share.
ACCT_FILE=/run/bench-real.acct
# argv slots the probe reads: an lvcreate has 12, a merged exportfs -u 2 + one per volume.
TRACE_ARGV_SLOTS=32
BENCH_ROUNDS=5

# File offset of __libc_start_main in LIBC: its address, through the LOAD segment that holds it (uprobe_events
# takes an offset in the file, Documentation/trace/uprobetracer.rst).
libc_start_main_offset() { # LIBC
  local symbol offset vaddr memsz
  symbol=$(readelf -Ws "$1" | awk '$8 ~ /^__libc_start_main@@/ { print $2; exit }')
  [[ -n $symbol ]] || return 1
  while read -r offset vaddr memsz; do
    if ((0x$symbol >= vaddr && 0x$symbol < vaddr + memsz)); then
      printf '0x%x\n' $((0x$symbol - vaddr + offset))
      return 0
    fi
  done < <(readelf -lW "$1" | awk '$1 == "LOAD" { print $2, $3, $6 }')
  return 1
}

# Traces fork, exec and exit of every process, and the argv of every new program: a uprobe on glibc's
# __libc_start_main(main, argc, argv, …) reads argv (third argument, %rdx) from the new process's own stack, where
# the strings are bounded; past argv's NULL come the environment's. (A kprobe on execve reads the caller's argv
# array instead, whose slots past the NULL point anywhere: an event that grows past a ring-buffer page is dropped.)
start_tracer() {
  command -v readelf >/dev/null || fail "readelf (binutils) is needed to find __libc_start_main for the tracer"
  local libc offset probe i event
  libc=$(ldd /usr/sbin/lvm | awk '$1 == "libc.so.6" { print $3 }')
  offset=$(libc_start_main_offset "$libc") || fail "no __libc_start_main in $libc"
  mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS"
  echo 0 >"$TRACEFS/tracing_on"
  # mono: one clock for both CPUs, so events of different CPUs order and subtract correctly.
  echo mono >"$TRACEFS/trace_clock"
  echo 8192 >"$TRACEFS/buffer_size_kb"
  probe="p:lvmsnapper_bench/argv $libc:$offset"
  for ((i = 0; i < TRACE_ARGV_SLOTS; i++)); do probe+=" a$i=+0(+$((i * 8))(%dx)):string"; done
  echo "$probe" >>"$TRACEFS/uprobe_events"
  for event in lvmsnapper_bench/argv sched/sched_process_fork sched/sched_process_exec sched/sched_process_exit; do
    echo 1 >"$TRACEFS/events/$event/enable"
  done
}

# Leaves no tracing behind for the scenarios that follow (a probe can go only once its event is off).
stop_tracer() {
  [[ -e $TRACEFS/events/lvmsnapper_bench ]] || return 0
  echo 0 >"$TRACEFS/tracing_on"
  echo 0 >"$TRACEFS/events/enable"
  echo '-:lvmsnapper_bench/argv' >>"$TRACEFS/uprobe_events"
}

# CPU time so far of all CPUs in ms into CPU_BUSY and CPU_IDLE (/proc/stat counts USER_HZ ticks, 100 a second,
# proc(5); iowait counts as idle). In this shell, not a subshell: process accounting would count that one too.
read_cpu_ms() {
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  CPU_BUSY=$(((user + nice + system + irq + softirq + steal) * 10))
  CPU_IDLE=$(((idle + iowait) * 10))
}

# Process accounting into FILE (it must exist), or off without one: acct(2), syscall 163 on x86-64
# (arch/x86/entry/syscalls/syscall_64.tbl); perl is part of every Debian system and calls it without a helper.
set_process_accounting() { # [FILE]
  perl -e 'syscall(163, @ARGV ? $ARGV[0] : 0) == 0 or die "acct: $!\n"' "$@"
}

# One timed, traced `run` as if at ISO_TIME, with --json; fails the scenario unless it exits 0.
bench_run() { # MODE PHASE ROUND ISO_TIME [CLI_OPTION…]
  local mode=$1 phase=$2 round=$3 at=$4
  shift 4
  local base=$BENCH_RAW/$mode-$phase-$round pid rc=0 busy idle t0 t1
  local -a args=(--json "$@" --now "$at" run)
  # Dirty pages of the origins would otherwise be flushed inside the first snapshot's suspend.
  sync
  : >"$TRACEFS/trace"
  echo 1 >"$TRACEFS/tracing_on"
  : >"$ACCT_FILE"
  set_process_accounting "$ACCT_FILE"
  read_cpu_ms
  busy=$CPU_BUSY idle=$CPU_IDLE t0=$EPOCHREALTIME
  "$CLI_MAIN" -c "$CONF" "${args[@]}" >"$base.report.json" 2>"$base.stderr" &
  pid=$!
  wait "$pid" || rc=$?
  t1=$EPOCHREALTIME
  read_cpu_ms
  set_process_accounting
  echo 0 >"$TRACEFS/tracing_on"
  cp "$TRACEFS/trace" "$base.trace"
  cp "$ACCT_FILE" "$base.acct"
  local wall=$(((${t1/./} - ${t0/./}) / 1000))
  echo "run $mode $phase $round $pid $wall $rc $((CPU_BUSY - busy)) $((CPU_IDLE - idle)) ${args[*]}" >>"$BENCH_RAW/manifest.txt"
  log "$mode $phase $round: lvmsnapper ${args[*]} -> $rc in $wall ms"
  [[ $rc == 0 ]] || fail "$mode $phase $round run exited $rc: $(tail -c 700 "$base.stderr" | tr '\n' ' ')"
}

# Every volume of the run report is ok, and there are as many as volumes in the world.
assert_report_all_ok() { # REPORT_FILE WHAT
  local statuses
  statuses=$(json_volume_statuses "$1")
  assert_eq "$(grep -c ' ok$' <<<"$statuses")" "${#VOLUMES[@]}" "$2: volumes ok in the report ($(tr '\n' ' ' <<<"$statuses"))"
}

# Wall ms of COUNT runs of a command, as `sample NAME MS` lines of the manifest.
sample_wall() { # NAME COUNT COMMAND…
  local name=$1 count=$2 i t0
  shift 2
  for ((i = 0; i < count; i++)); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null
    echo "sample $name $(ms_since "$t0")" >>"$BENCH_RAW/manifest.txt"
  done
}

# Midnight of DAY (days after 2026-12-01), when the cycles of that day start.
bench_midnight() { echo $(($(epoch_of 2026-12-01T00:00:00Z) + $1 * 86400)); }

# A create run at midnight of DAY (days after 2026-12-01) then an expire run an hour later, each checked against
# the host.
bench_cycle() { # MODE ROUND DAY [CLI_OPTION…]
  local mode=$1 round=$2 t0 t1
  t0=$(bench_midnight "$3")
  shift 3
  t1=$((t0 + 3600))
  bench_run "$mode" create "$round" "$(iso_time "$t0")" "$@"
  assert_report_all_ok "$BENCH_RAW/$mode-create-$round.report.json" "$mode create $round"
  assert_live_set "$t0" "$t0"
  bench_run "$mode" expire "$round" "$(iso_time "$t1")" "$@"
  assert_report_all_ok "$BENCH_RAW/$mode-expire-$round.report.json" "$mode expire $round"
  # Every snapshot of midnight expired an hour later sharp: none may be left, and none made.
  assert_live_set "$t1" "$t0"
  # The next cycle starts from the same world: no snapshot and no journal left by this one.
  rm -f /var/lib/lvmsnapper/state.json
}

# The shipped create run of ROUND (at midnight of DAY) again, as only its commands: the replay script, timed like a
# run (from just before its first command to its last one's exit), then checked like the run and its snapshots
# removed by an untimed lvmsnapper run an hour later, so the next cycle starts from the same world.
bench_replay() { # ROUND DAY
  local round=$1 t0 t1 rc=0 busy idle start wall
  t0=$(bench_midnight "$2")
  t1=$((t0 + 3600))
  node "$BENCH_REPLAY" "$BENCH_RAW/shipped-create-$round.report.json" "$REPLAY_SCRIPT" "$REPLAY_LOCKS" \
    || fail "$BENCH_REPLAY could not replay shipped create $round"
  bash "$REPLAY_SCRIPT" prepare || fail "replay $round: the folders could not be made"
  sync
  read_cpu_ms
  busy=$CPU_BUSY idle=$CPU_IDLE start=$EPOCHREALTIME
  bash "$REPLAY_SCRIPT" commands || rc=$?
  wall=$(ms_since "$start")
  read_cpu_ms
  echo "replay create $round $wall $rc $((CPU_BUSY - busy)) $((CPU_IDLE - idle))" >>"$BENCH_RAW/manifest.txt"
  log "replay create $round: the shipped run's commands alone -> $rc in $wall ms"
  [[ $rc == 0 ]] || fail "replay create $round exited $rc"
  bash "$REPLAY_SCRIPT" links || fail "replay $round: the links could not be made"
  assert_live_set "$t0" "$t0"
  run_at "$t1"
  assert_live_set "$t1" "$t0"
  rm -f /var/lib/lvmsnapper/state.json
}

scenario_bench_real() {
  require_cli
  [[ -f $BENCH_SUMMARY ]] || fail "$BENCH_SUMMARY missing: run npm run build first"
  mkdir -p "$BENCH_RAW"
  : >"$BENCH_RAW/manifest.txt"
  NFS_CLIENTS=(127.0.0.1)
  # One rule: a snapshot at midnight that expires an hour later (the checks read a 00:00 snapshot's expiry from
  # DAILY_TTL).
  CONFIG_RULES=$'[expire_midnight]\nmatch = 0 * * *\nexpire_after = 1 hour'
  DAILY_TTL=3600
  make_vg vgA /dev/vda 2G
  make_vg vgB /dev/vdb 2G
  local i name vg
  for ((i = 1; i <= 16; i++)); do
    printf -v name 'bench%02d' "$i"
    vg=vgA
    ((i > 8)) && vg=vgB
    make_volume "$name" "$vg" ext4
  done
  write_config
  cli 0 check
  {
    echo "fact accel tcg"
    echo "fact kernel $(uname -r)"
    echo "fact lvm $(lvm version | awk '/LVM version/ { print $3 }')"
    echo "fact node $(node --version)"
    echo "fact cpus $(nproc)"
    echo "fact volumes ${#VOLUMES[@]}"
    echo "fact vgs 2"
  } >>"$BENCH_RAW/manifest.txt"
  sample_wall node_e0 3 node -e 0
  sample_wall cli_help 3 "$CLI_MAIN" --help
  # node's CPU per process started: through the command runner, and with child_process alone.
  node "$BENCH_SPAWN_COST" 20 >>"$BENCH_RAW/manifest.txt" || fail "$BENCH_SPAWN_COST failed"

  start_tracer
  trap 'set_process_accounting; stop_tracer' EXIT
  local round
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    bench_cycle shipped "$round" $((2 * round - 2))
    bench_replay "$round" $((2 * round - 2))
    bench_cycle sequential "$round" $((2 * round - 1)) --concurrency 1 --lvremove-per-snapshot
  done
  stop_tracer

  node "$BENCH_SUMMARY" "$BENCH_RAW" "$VMOUT/bench-real.json"
  cat "$VMOUT/bench-real.json"
}
