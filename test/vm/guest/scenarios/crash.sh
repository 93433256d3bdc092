# Crash: the CLI is SIGKILLed in the middle of runs over twelve volumes, once while it creates and mounts,
# once right after its first lvcreate, once while it expires. Each time the next run exits 0 and converges to
# exactly the expected snapshots; no snapshot ever lacks the tag; no origin is touched.
CRASH_PID=

# Starts `run` as if at EPOCH in the background, kills it (SIGKILL) as soon as PROBE succeeds, and fails
# unless the kill landed while the run was still going.
kill_run_when() { # EPOCH PROBE…
  local t=$1
  shift
  CLI_COUNT=$((CLI_COUNT + 1))
  local base
  base=$VMOUT/logs/$SCENARIO/$(printf 'cli-%02d' "$CLI_COUNT")-killed
  mkdir -p "$VMOUT/logs/$SCENARIO"
  "$CLI_MAIN" -c "$CONF" --now "$(iso_time "$t")" run >"$base.stdout" 2>"$base.stderr" &
  CRASH_PID=$!
  local i
  for ((i = 0; i < 3000; i++)); do
    kill -0 "$CRASH_PID" 2>/dev/null || break
    if "$@"; then
      kill -KILL "$CRASH_PID"
      wait "$CRASH_PID" || true
      log "killed run at $(iso_time "$t") after probe '$*' (poll $i)"
      wait_for_lvm_idle
      return 0
    fi
    sleep 0.02
  done
  wait "$CRASH_PID" || true
  fail "run at $(iso_time "$t") ended before '$*' was seen: the kill point was missed"
}

# How many snapshot folders of the time are mounted.
mounted_count() { grep -c -- " /snapshots/[^ ]*/$(gmt_name "$1") " /proc/self/mountinfo || true; }

first_mount_of() { (($(mounted_count "$1") > 0)); }
first_lv_of() { compgen -G "/dev/mapper/*--$(lv_stamp "$1")" >/dev/null; }
first_unmount_of() { (($(mounted_count "$1") < ${#VOLUMES[@]})); }

scenario_crash() {
  require_cli
  make_vg vgA /dev/vda 2G
  make_vg vgB /dev/vdb 2G
  local i
  for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
    local vg=vgA fs=ext4
    ((10#$i > 6)) && vg=vgB
    ((10#$i % 3 == 0)) && fs=xfs
    make_volume "share$i" "$vg" "$fs"
  done
  write_config
  local origins t0 t1 t7
  origins=$(origin_rows)
  t0=$(epoch_of 2026-12-01T00:00:00Z)
  t1=$((t0 + 3600))
  t7=$((t0 + 7 * 3600))

  stamp_origins "$t0"
  kill_run_when "$t0" first_mount_of "$t0"
  assert_all_snapshots_tagged vgA vgB
  run_at "$t0"
  assert_live_set "$t0" "$t0"
  assert_stamps "$t0" "$t0"
  assert_origins_untouched "$origins"

  stamp_origins "$t1"
  kill_run_when "$t1" first_lv_of "$t1"
  assert_all_snapshots_tagged vgA vgB
  run_at "$t1"
  assert_live_set "$t1" "$t0" "$t1"
  assert_stamps "$t1" "$t0" "$t1"
  assert_origins_untouched "$origins"

  # At 07:00 the 01:00 snapshots (6 hours) expire: kill once the first of them is unmounted.
  stamp_origins "$t7"
  kill_run_when "$t7" first_unmount_of "$t1"
  assert_all_snapshots_tagged vgA vgB
  run_at "$t7"
  assert_live_set "$t7" "$t0" "$t1" "$t7"
  assert_stamps "$t7" "$t0" "$t7"
  assert_origins_untouched "$origins"
}
