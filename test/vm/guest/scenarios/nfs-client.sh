# NFS client: a real NFSv3 client on loopback mounts snapshot exports and reads them. Two snapshots of one
# origin share its file system UUID; each must still show its own content, which is what the unique fsid of
# every export guarantees (ext4 and XFS).
scenario_nfs_client() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_volume home vgA ext4
  make_volume data vgA xfs
  write_config
  local t0 t1 vol t
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  t1=$((t0 + 3600))
  stamp_origins "$t0"
  run_at "$t0"
  stamp_origins "$t1"
  run_at "$t1"
  for vol in "${VOLUMES[@]}"; do
    for t in "$t0" "$t1"; do
      local dir mnt=/mnt/nfs-$vol-$t
      dir=/snapshots/$vol/$(gmt_name "$t")
      mkdir -p "$mnt"
      mount -t nfs -o vers=3,nolock,soft,timeo=50,retrans=2 "127.0.0.1:$dir" "$mnt" ||
        fail "NFS mount of 127.0.0.1:$dir failed: $(exportfs -v | tr '\n' ' ')"
    done
    for t in "$t0" "$t1"; do
      local mnt=/mnt/nfs-$vol-$t
      assert_eq "$(cat "$mnt/stamp")" "$(iso_time "$t")" "stamp read over NFS from $vol's snapshot of $(iso_time "$t")"
      assert_eq "$(cat "$mnt/README")" "origin of $vol" "README read over NFS"
      if touch "$mnt/write-test" 2>/dev/null; then fail "$mnt is writable over NFS"; fi
    done
    for t in "$t0" "$t1"; do umount "/mnt/nfs-$vol-$t"; done
  done
}
