# Safety: LVs that look like ours but are not survive every run, even long after the expiry their tags name:
# a snapshot of another origin tagged and named as ours, a snapshot of ours by name without the tag, an
# origin tagged as ours, and a plain thin volume tagged and named as a snapshot. A snapshot of ours that has
# become the origin of another LV is not removed at its expiry; once that LV is gone, it is.
scenario_safety() {
  require_cli
  make_vg vgA /dev/vda 1500M
  make_vg vgB /dev/vdb 1500M
  make_volume home vgA ext4
  make_volume data vgA xfs
  make_volume mail vgB xfs
  write_config
  local tag=$LVM_TAG old_exp=${LVM_TAG}_exp:20261130T060000Z
  lvm lvcreate -q -s -kn -n home-20261130000000 --addtag "$tag" --addtag "$old_exp" vgA/data
  lvm lvcreate -q -s -kn -n home-20261129000000 --addtag "$old_exp" vgA/home
  lvm lvchange -q --addtag "$tag" --addtag "$old_exp" vgA/data
  lvm lvcreate -q -V 64M -T vgB/pool -n mail-20261128000000 --addtag "$tag" --addtag "$old_exp"
  local decoys=(vgA/home-20261130000000 vgA/home-20261129000000 vgA/data vgB/mail-20261128000000)
  local before
  before=$(lvm lvs --noheadings --separator '|' -o vg_name,lv_name,lv_uuid,origin,lv_tags "${decoys[@]}")

  local t0 t
  t0=$(epoch_of 2026-12-01T00:00:00Z)
  run_safely() { # EPOCH
    cli any --now "$(iso_time "$1")" run
    [[ $CLI_RC == 0 || $CLI_RC == 1 ]] || fail "run at $(iso_time "$1") exited $CLI_RC"
    assert_eq "$(lvm lvs --noheadings --separator '|' -o vg_name,lv_name,lv_uuid,origin,lv_tags "${decoys[@]}")" \
      "$before" "the look-alike LVs after the run at $(iso_time "$1")"
  }
  run_safely "$t0"
  [[ -n $(lv_rows vgA | awk -F'|' '$2 == "home-20261201000000"') ]] || fail "the run at 00:00 made no snapshot of home"
  # The daily snapshot of home becomes the origin of a hand-made LV.
  lvm lvcreate -q -s -kn -n home-child vgA/home-20261201000000
  for t in $((t0 + 3600)) $((t0 + 7 * 3600)) $((t0 + 3 * 86400)); do run_safely "$t"; done
  [[ -n $(lv_rows vgA | awk -F'|' '$2 == "home-20261201000000"') ]] ||
    fail "home-20261201000000 was removed while it is the origin of vgA/home-child"
  [[ -z $(lv_rows vgA | awk -F'|' '$2 == "data-20261201000000"') ]] || fail "data-20261201000000 outlived its expiry"

  lvm lvremove -q -y vgA/home-child
  run_safely $((t0 + 3 * 86400 + 3600))
  [[ -z $(lv_rows vgA | awk -F'|' '$2 == "home-20261201000000"') ]] ||
    fail "home-20261201000000 was not removed once nothing depended on it"
}
