# An export to every host (`nfsexports = *`): real exportfs -v prints that client as `<world>`, while
# exportfs -u only finds it as `*`. The next run keeps the export as it is, an NFS client on loopback
# mounts it, and the expiry takes it out of the export table.
scenario_nfs_world() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_volume home vgA ext4
  NFS_CLIENTS=('*')
  write_config
  local t0 t1 dir0 dir1 mnt=/mnt/nfs-world
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  t1=$((t0 + 3600))
  dir0=/snapshots/home/$(gmt_name "$t0")
  dir1=/snapshots/home/$(gmt_name "$t1")
  run_at "$t0"
  exportfs -v | grep -A1 -F "$dir0" | grep -q '<world>(' ||
    fail "exportfs -v does not show $dir0 to <world>: $(exportfs -v | tr '\n' ' ')"
  cli 0 --json --now "$(iso_time "$t1")" run
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const kinds = report.volumes[0].actions.map((action) => action.kind).sort().join(" ");
    if (kinds !== "create keep") throw new Error(`second run did ${kinds}, expected create keep`);
  ' "$CLI_OUT" || fail "the export to * was not taken as exported"
  mkdir -p "$mnt"
  mount -t nfs -o vers=3,nolock,soft,timeo=50,retrans=2 "127.0.0.1:$dir1" "$mnt" ||
    fail "NFS mount of 127.0.0.1:$dir1 failed: $(exportfs -v | tr '\n' ' ')"
  umount "$mnt"
  run_at "$(expiry_of "$t0")"
  if exportfs -v | grep -q -F "$dir0"; then fail "$dir0 is still exported after its expiry: $(exportfs -v | tr '\n' ' ')"; fi
  exportfs -v | grep -A1 -F "$dir1" | grep -q '<world>(' || fail "$dir1 lost its export: $(exportfs -v | tr '\n' ' ')"
  if lvs --noheadings -o lv_name vgA | grep -q "home-$(lv_stamp "$t0")"; then fail "the expired snapshot is still there"; fi
}
