# Cycles: six thin volumes (ext4 and XFS) in two VGs through hourly runs over three simulated days. After every run
# each volume has exactly the snapshots whose expiry (6 hours, 2 days for the 00:00 one) has not passed:
# created, tagged, mounted read-only at @GMT-…, linked, exported with unique fsids, holding the origin's
# content of their moment; removed at the first run at or after their expiry, never earlier. The pipelines run in
# worker threads, as on a host with hundreds of volumes (the other scenarios' runs are small enough for one thread).
# Last, a snapshot taken on the real clock, as cron takes it, is live to `list` and goes with `remove`.
scenario_cycles() {
  require_cli
  make_standard_world
  write_config "worker_threads_from = 0"
  cli 0 check
  local -a taken=()
  local day1 t h
  day1=$(epoch_of 2026-12-01T00:00:00Z)

  cycle_run() { # EPOCH CREATES(yes|no)
    stamp_origins "$1"
    run_at "$1"
    [[ $2 == yes ]] && taken+=("$1")
    assert_live_set "$1" "${taken[@]}"
    assert_stamps "$1" "${taken[@]}"
  }

  # A plan changes nothing.
  cli 0 --now "$(iso_time "$day1")" plan
  assert_eq "$(lv_rows vgA vgB | awk -F'|' '$3 != ""' | wc -l)" 0 "snapshots after plan"

  # Day one (cron may skip hours): at 06:00 the 01:00 snapshot still lives, at 07:00 sharp it goes.
  for h in 0 1 6 7; do cycle_run $((day1 + h * 3600)) yes; done

  # Next evening, `expire` alone: the hourlies of day one go in one go, the daily of 00:00 (2 days) stays.
  t=$((day1 + 47 * 3600))
  cli 0 --now "$(iso_time "$t")" expire
  assert_live_set "$t" "${taken[@]}"
  cycle_run "$t" yes                         # 12-02 23:00
  cycle_run $((day1 + 48 * 3600)) yes        # 12-03 00:00: the daily of 12-01 goes exactly now, a new one comes
  cycle_run $((day1 + 48 * 3600 + 1800)) no  # 00:30: already one this hour, nothing new
  cycle_run $((day1 + 53 * 3600)) yes        # 05:00: 23:00 (6 hours) expires exactly

  # `list` names every live snapshot.
  cli 0 --now "$(iso_time $((day1 + 53 * 3600)))" list
  local vg lv
  while IFS='|' read -r vg lv _; do
    grep -q -- "$lv" "$CLI_OUT" || fail "list does not show $vg/$lv"
  done < <(lv_rows vgA vgB | awk -F'|' '$3 != ""')

  # On the real clock, as cron runs it: the instant falls between two seconds, the expiry tag carries it rounded up
  # to a whole second, and the state must say the same, or every later run would refuse the snapshot.
  local vol=${VOLUMES[0]} fresh
  cli 0 --json snapshot "$vol" --expire-after '1 hour'
  fresh=$(node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const [action] = report.volumes[0].actions.filter(({ kind }) => kind === "create");
    if (!/[.]000Z$/.test(action.expiresAt)) throw new Error(`expiry ${action.expiresAt} is not a whole second`);
    console.log(action.snapshot);
  ' "$CLI_OUT")
  cli 0 --json list
  assert_eq "$(node -e '
    const { snapshots } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(snapshots.find(({ lv }) => lv === process.argv[2])?.status);
  ' "$CLI_OUT" "$fresh")" live "status of $fresh, made on the real clock"
  cli 0 remove "${VOL_VG[$vol]}/$fresh"
  [[ -z $(lv_rows "${VOL_VG[$vol]}" | awk -F'|' -v lv="$fresh" '$2 == lv') ]] || fail "$fresh was not removed"
}
