# Checks for the guest scenarios (sourced by lib.sh): read back what lvs, findmnt and exportfs report and
# assert that snapshots, origins, mounts, links and exports are exactly as expected.

# --- reading the host ---------------------------------------------------------------------------------------

# "vg|lv|origin|tags|attr|uuid" for every LV of the given VGs.
lv_rows() {
  lvm lvs --noheadings --separator '|' -o vg_name,lv_name,origin,lv_tags,lv_attr,lv_uuid "$@" | sed 's/^ *//'
}

# "path client options" for every NFS export, joining the lines `exportfs -v` splits for long paths.
export_rows() {
  exportfs -v | awk '
    /^[^ \t]/ { if (NF == 1) { path = $1; next } path = $1; entry = $2 }
    /^[ \t]/ { entry = $1 }
    { i = index(entry, "("); print path, substr(entry, 1, i - 1), substr(entry, i + 1, length(entry) - i - 1) }'
}

# Reads lvs, mounts and exports once into INV_LV[vg/lv]="origin|tags|attr", INV_MOUNT[target]="source options"
# and INV_EXPORT[path client]=options, for the assertions below.
snapshot_inventory() { # VG…
  declare -gA INV_LV=() INV_MOUNT=() INV_EXPORT=()
  local vg lv origin tags attr target source options path client
  while IFS='|' read -r vg lv origin tags attr _; do INV_LV[$vg/$lv]="$origin|$tags|$attr"; done < <(lv_rows "$@")
  while read -r target source options; do INV_MOUNT[$target]="$source $options"; done < <(findmnt -rn -o TARGET,SOURCE,OPTIONS)
  while read -r path client options; do INV_EXPORT[$path $client]=$options; done < <(export_rows)
}

# Puts the names in folder DIR (dot files too, links whatever they point at) into the array named ARRAY.
list_entries() { # ARRAY DIR
  local -n into=$1
  local path
  into=()
  for path in "$2"/* "$2"/.*; do
    [[ ${path##*/} == . || ${path##*/} == .. ]] && continue
    [[ -e $path || -L $path ]] && into+=("${path##*/}")
  done
  return 0
}

# Fails unless the names found (FOUND…) are exactly the names wanted (the array named WANTED).
assert_same_names() { # WHAT WANTED_ARRAY_NAME FOUND…
  local what=$1
  local -n wanted=$2
  shift 2
  local -A seen=()
  local name
  for name in "$@"; do seen[$name]=1; done
  for name in "${wanted[@]}"; do [[ -n ${seen[$name]:-} ]] || fail "$what: $name missing (found: $*)"; done
  ((${#seen[@]} == ${#wanted[@]})) || fail "$what: found $*, expected only ${wanted[*]}"
}

# The volume has exactly the snapshots taken at the given times, each fully set up: an active thin snapshot
# of the volume tagged with lvm_tag and its expiry, mounted read-only at its @GMT folder, linked, exported to
# every client with an fsid. Nothing else of ours exists for it. Needs snapshot_inventory first.
assert_volume_snapshots() { # VOLUME EPOCH…
  local vol=$1
  shift
  local vg=${VOL_VG[$vol]} snapdir=/snapshots/$vol linkdir=/srv/$vol/.snapshots
  local -a want_lvs=() want_dirs=()
  local t lv name dir origin tags attr source options exp client
  for t in "$@"; do
    printf -v lv '%s-%(%Y%m%d%H%M%S)T' "$vol" "$t"
    printf -v name '%(@GMT-%Y.%m.%d-%H.%M.%S)T' "$t"
    dir=$snapdir/$name
    want_lvs+=("$lv")
    want_dirs+=("$name")
    [[ -n ${INV_LV[$vg/$lv]:-} ]] || fail "$vol: snapshot $vg/$lv missing"
    IFS='|' read -r origin tags attr <<<"${INV_LV[$vg/$lv]}"
    assert_eq "$origin" "$vol" "$vg/$lv origin"
    [[ ,$tags, == *,$LVM_TAG,* ]] || fail "$vg/$lv: tags '$tags' lack '$LVM_TAG'"
    exp=$(exp_tag "$(expiry_of "$t")")
    [[ ,$tags, == *,$exp,* ]] || fail "$vg/$lv: tags '$tags' lack $exp"
    [[ $attr == V* ]] || fail "$vg/$lv: lv_attr '$attr' is not a thin volume"
    [[ ${attr:4:1} == a ]] || fail "$vg/$lv: not active (lv_attr '$attr')"
    [[ -n ${INV_MOUNT[$dir]:-} ]] || fail "$vol: $dir not mounted"
    read -r source options <<<"${INV_MOUNT[$dir]}"
    assert_eq "$source" "$(dm_path "$vg" "$lv")" "device mounted at $dir"
    [[ $options == ro,* ]] || fail "$dir is mounted '$options', not read-only"
    [[ -L $linkdir/$name ]] || fail "$vol: link $linkdir/$name missing"
    [[ $linkdir/$name -ef $dir ]] || fail "$vol: link $linkdir/$name does not lead to $dir"
    for client in "${NFS_CLIENTS[@]}"; do
      [[ -n ${INV_EXPORT[$dir $client]:-} ]] || fail "$dir not exported to $client"
      [[ ,${INV_EXPORT[$dir $client]}, == *,fsid=* ]] ||
        fail "export of $dir to $client has no fsid: ${INV_EXPORT[$dir $client]}"
    done
  done
  local -a found=()
  local key
  for key in "${!INV_LV[@]}"; do
    [[ $key == "$vg/"* && ${INV_LV[$key]%%|*} == "$vol" ]] && found+=("${key#*/}")
  done
  assert_same_names "snapshots of $vg/$vol" want_lvs "${found[@]}"
  list_entries found "$snapdir"
  assert_same_names "folders in $snapdir" want_dirs "${found[@]}"
  list_entries found "$linkdir"
  assert_same_names "entries in $linkdir" want_dirs "${found[@]}"
  found=()
  for key in "${!INV_MOUNT[@]}"; do [[ $key == "$snapdir/"* ]] && found+=("${key#"$snapdir/"}"); done
  assert_same_names "mounts under $snapdir" want_dirs "${found[@]}"
  local -A exported=()
  for key in "${!INV_EXPORT[@]}"; do
    key=${key% *}
    [[ $key == "$snapdir/"* ]] && exported[${key#"$snapdir/"}]=1
  done
  assert_same_names "exports under $snapdir" want_dirs "${!exported[@]}"
}

# Every exported path has one fsid, and no two paths share one (a snapshot has its origin's file system UUID,
# so without a unique fsid NFS clients would confuse them). Needs snapshot_inventory first.
assert_unique_fsids() {
  local -A fsid_of=() path_of=()
  local key path fsid
  for key in "${!INV_EXPORT[@]}"; do
    path=${key% *}
    [[ ,${INV_EXPORT[$key]}, =~ ,fsid=([^,]*), ]] || fail "export $key has no fsid"
    fsid=${BASH_REMATCH[1]}
    [[ ${fsid_of[$path]:-$fsid} == "$fsid" ]] || fail "$path is exported with fsids ${fsid_of[$path]} and $fsid"
    fsid_of[$path]=$fsid
    [[ ${path_of[$fsid]:-$path} == "$path" ]] || fail "fsid $fsid is shared by $path and ${path_of[$fsid]}"
    path_of[$fsid]=$path
  done
}

# The snapshots of every volume in the world are exactly those of the given times that have not expired
# by NOW (the expected life cycle), fully set up, with unique fsids.
assert_live_set() { # NOW EPOCH…
  local now=$1
  shift
  local -a live=()
  local t
  for t in "$@"; do
    (($(expiry_of "$t") > now)) && live+=("$t")
  done
  local -A vgs=()
  for t in "${VOL_VG[@]}"; do vgs[$t]=1; done
  snapshot_inventory "${!vgs[@]}"
  local vol
  for vol in "${VOLUMES[@]}"; do assert_volume_snapshots "$vol" "${live[@]}"; done
  assert_unique_fsids
}

# Each snapshot still live at NOW holds the stamp its origin had when it was taken.
assert_stamps() { # NOW EPOCH…
  local now=$1 t vol
  shift
  for t in "$@"; do
    (($(expiry_of "$t") > now)) || continue
    for vol in "${VOLUMES[@]}"; do
      local stamp=
      read -r stamp <"/snapshots/$vol/$(gmt_name "$t")/stamp" || true
      assert_eq "$stamp" "$(iso_time "$t")" "stamp in $vol's snapshot of $(iso_time "$t")"
    done
  done
}

# "vg|lv|uuid|attr|tags" of every origin volume: snapshots must never change them.
origin_rows() {
  local vol
  for vol in "${VOLUMES[@]}"; do
    lvm lvs --noheadings --separator '|' -o vg_name,lv_name,lv_uuid,lv_attr,lv_tags "${VOL_VG[$vol]}/$vol" | sed 's/^ *//'
  done
}

# Origins are as recorded, still mounted read-write at /srv/NAME with their first file intact.
assert_origins_untouched() { # RECORDED_ORIGIN_ROWS
  assert_eq "$(origin_rows)" "$1" "origin volumes (vg|lv|uuid|attr|tags)"
  local vol
  for vol in "${VOLUMES[@]}"; do
    [[ $(findmnt -n -o OPTIONS --mountpoint "/srv/$vol") == rw,* ]] || fail "/srv/$vol is no longer mounted read-write"
    assert_eq "$(cat "/srv/$vol/README")" "origin of $vol" "/srv/$vol/README"
  done
}

# No LV that is a snapshot lacks lvm_tag: nothing was half made.
assert_all_snapshots_tagged() { # VG…
  local untagged
  untagged=$(lv_rows "$@" | awk -F'|' -v tag="$LVM_TAG" '$3 != "" && index("," $4 ",", "," tag ",") == 0 { print $1 "/" $2 }' | xargs)
  assert_eq "$untagged" "" "snapshots without the $LVM_TAG tag"
}
