# Smoke: the guest has what every other scenario needs (two VGs with thin pools, six thin volumes with ext4
# and XFS, writable, the lvm and node of the host) and says how long building that took.
scenario_smoke() {
  local t0=$EPOCHREALTIME
  make_standard_world
  local vol
  for vol in "${VOLUMES[@]}"; do
    dd if=/dev/urandom of="/srv/$vol/blob" bs=64k count=16 status=none
    echo "hello from $vol" >"/srv/$vol/hello.txt"
  done
  sync
  log "world built in $(seconds_since "$t0") s"
  lvm version
  node --version
  uname -r
  lv_rows vgA vgB
  assert_eq "$(lv_rows vgA vgB | awk -F'|' '$5 ~ /^V/' | wc -l)" 6 "thin volumes"
  assert_eq "$(findmnt -rn -t xfs -o TARGET | grep -c '^/srv/')" 3 "XFS volumes mounted"
  assert_eq "$(findmnt -rn -t ext4 -o TARGET | grep -c '^/srv/')" 3 "ext4 volumes mounted"
  for vol in "${VOLUMES[@]}"; do
    assert_eq "$(cat "/srv/$vol/hello.txt")" "hello from $vol" "content of /srv/$vol/hello.txt"
  done
  node -e 'process.exit(0)'
  log "smoke took $(seconds_since "$t0") s"
}
