# Point in time: a snapshot holds its origin as it was when taken (ext4 and XFS): a file written afterwards is
# not in it, a file deleted afterwards still is, a file changed afterwards has its old content; it is
# read-only; and the link leads to the same content.
scenario_content() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_volume home vgA ext4
  make_volume data vgA xfs
  write_config
  local t0 t1 vol
  t0=$(epoch_of 2026-12-01T10:00:00Z)
  t1=$((t0 + 3600))
  for vol in "${VOLUMES[@]}"; do
    echo "first" >"/srv/$vol/changed.txt"
    echo "doomed" >"/srv/$vol/deleted.txt"
  done
  run_at "$t0"
  for vol in "${VOLUMES[@]}"; do
    echo "second" >"/srv/$vol/changed.txt"
    rm "/srv/$vol/deleted.txt"
    echo "late" >"/srv/$vol/added.txt"
  done
  sync
  run_at "$t1"
  for vol in "${VOLUMES[@]}"; do
    local old new
    old=/snapshots/$vol/$(gmt_name "$t0")
    new=/snapshots/$vol/$(gmt_name "$t1")
    assert_eq "$(cat "$old/changed.txt")" first "$old/changed.txt"
    assert_eq "$(cat "$old/deleted.txt")" doomed "$old/deleted.txt"
    [[ ! -e $old/added.txt ]] || fail "$old/added.txt exists: it was written after the snapshot"
    assert_eq "$(cat "/srv/$vol/.snapshots/$(gmt_name "$t0")/changed.txt")" first "changed.txt through the link"
    assert_eq "$(cat "$new/changed.txt")" second "$new/changed.txt"
    assert_eq "$(cat "$new/added.txt")" late "$new/added.txt"
    [[ ! -e $new/deleted.txt ]] || fail "$new/deleted.txt exists: it was deleted before the snapshot"
    if touch "$old/write-test" 2>/dev/null; then fail "$old is writable"; fi
  done
}
