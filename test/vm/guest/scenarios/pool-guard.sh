# Thin pool guard: a pool filled past max_pool_data_percent gets no new snapshot (status pool_full for each
# of its volumes in the --json report, exit 1 since something could not be created) while the volumes of
# another pool are snapshotted as usual; once space is freed, the next run snapshots them too.
pool_data_percent() { lvm lvs --noheadings -o data_percent "$1/pool" | tr -d ' '; }

scenario_pool_guard() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_vg vgC /dev/vdc 512M
  make_volume home vgA ext4
  make_volume data vgA xfs
  make_volume scratch vgC ext4 600M
  make_volume tmpdata vgC xfs
  write_config "max_pool_data_percent = 50"
  dd if=/dev/zero of=/srv/scratch/fill bs=1M count=300 conv=fsync status=none
  local used
  used=$(pool_data_percent vgC)
  log "vgC/pool data: $used %"
  ((${used%.*} >= 50)) || fail "filling vgC/pool reached only $used %"

  local t0 t1
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  t1=$((t0 + 3600))
  cli 1 --json --now "$(iso_time "$t0")" run
  local statuses
  statuses=$(json_volume_statuses "$CLI_OUT" | sort -u | xargs)
  assert_eq "$statuses" "data ok home ok scratch pool_full tmpdata pool_full" "volume statuses in the --json report"
  assert_eq "$(lv_rows vgC | awk -F'|' '$3 != "" { print $2 }' | xargs)" "" "snapshots in the full pool"
  snapshot_inventory vgA vgC
  assert_volume_snapshots home "$t0"
  assert_volume_snapshots data "$t0"
  local made
  made=$(shopt -s nullglob; echo /snapshots/{scratch,tmpdata}/@GMT-* /srv/{scratch,tmpdata}/.snapshots/@GMT-*)
  assert_eq "$made" "" "folders and links made for the full pool's volumes"

  # Freeing the space (the discards of fstrim go down to the thin pool) lets the next run go on. ext4 trims
  # only blocks whose release is committed, hence the sync.
  rm /srv/scratch/fill
  sync
  fstrim /srv/scratch
  used=$(pool_data_percent vgC)
  log "vgC/pool data after fstrim: $used %"
  ((${used%.*} < 50)) || fail "fstrim left vgC/pool at $used %"
  cli 0 --json --now "$(iso_time "$t1")" run
  snapshot_inventory vgA vgC
  assert_volume_snapshots scratch "$t1"
  assert_volume_snapshots tmpdata "$t1"
  assert_volume_snapshots home "$t0" "$t1"
  assert_volume_snapshots data "$t0" "$t1"
  assert_unique_fsids
}
