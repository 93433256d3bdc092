# Reboot: after what a reboot leaves (no snapshot mounted, the export table empty, the snapshots inactive,
# the lock file gone), `mount-all` brings every live snapshot back: active, mounted, linked, exported. Then a
# snapshot unmounted and unlinked by hand is repaired by the next `run`, which creates nothing twice.
scenario_reboot() {
  require_cli
  make_standard_world
  write_config
  local t0 t1 dir lv
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  t1=$((t0 + 3600))
  stamp_origins "$t0"
  run_at "$t0"
  stamp_origins "$t1"
  run_at "$t1"
  assert_live_set "$t1" "$t0" "$t1"

  # The reboot.
  findmnt -rn -o TARGET | grep '^/snapshots/' | sort -r | while read -r dir; do umount "$dir"; done
  exportfs -ua
  lv_rows vgA vgB | awk -F'|' '$3 != "" { print $1 "/" $2 }' | while read -r lv; do lvm lvchange -q -an "$lv"; done
  rm -f /run/lvmsnapper.lock
  assert_eq "$(lv_rows vgA vgB | awk -F'|' '$3 != "" && substr($5, 5, 1) == "a"' | wc -l)" 0 "active snapshots after the reboot"
  assert_eq "$(exportfs -v | wc -l)" 0 "exports after the reboot"

  cli 0 --now "$(iso_time $((t1 + 600)))" mount-all
  assert_live_set $((t1 + 600)) "$t0" "$t1"
  assert_stamps $((t1 + 600)) "$t0" "$t1"

  # Unmounted and unlinked by hand: the next run repairs it and takes nothing new within the hour.
  local gone
  gone=/snapshots/home/$(gmt_name "$t0")
  exportfs -u "127.0.0.1:$gone" "10.1.1.0/24:$gone"
  umount "$gone"
  rm "/srv/home/.snapshots/$(gmt_name "$t0")"
  cli 0 --now "$(iso_time $((t1 + 1200)))" run
  assert_live_set $((t1 + 1200)) "$t0" "$t1"
}
