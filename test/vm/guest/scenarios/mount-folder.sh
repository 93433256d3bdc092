# A mount folder that mount cannot make, because a file holds its snapdir's place: the snapshot is taken, the run
# exits 1, and its report says why (ENOTDIR), which util-linux's mount does not; the other volume is set up as
# usual. Once the file is gone, the next run mounts the snapshot that was left unmounted.
scenario_mount_folder() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_volume home vgA ext4
  make_volume data vgA ext4
  write_config
  rmdir /snapshots/home
  echo "not a folder" >/snapshots/home
  local t0 gmt
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  gmt=$(gmt_name "$t0")
  cli 1 --json --now "$(iso_time "$t0")" run
  # Each step of home's create, then the line the report gives for it.
  local steps
  steps=$(node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const [action] = report.volumes.find((volume) => volume.volume === "home").actions;
    for (const step of action.steps) console.log(`${step.step} ${step.status}`);
    console.log(`error: ${action.error}`);
  ' "$CLI_OUT")
  assert_eq "$steps" "lvcreate ok
mount failed
mkdir failed
error: ENOTDIR: not a directory, mkdir '/snapshots/home/$gmt'" "home's create"
  assert_eq "$(json_volume_statuses "$CLI_OUT" | sort)" "data ok
home failed" "the volumes' statuses"
  snapshot_inventory vgA
  assert_volume_snapshots data "$t0"
  [[ -n ${INV_LV[vgA/home-$(lv_stamp "$t0")]:-} ]] || fail "home's snapshot was not taken"

  # Half an hour later the hour's snapshots exist: the run only brings home's back.
  rm /snapshots/home
  run_at $((t0 + 1800))
  snapshot_inventory vgA
  assert_volume_snapshots home "$t0"
  assert_volume_snapshots data "$t0"
}
