# Helpers for the guest scenarios (sourced): timing, failure reporting, building an LVM world, writing the
# lvmsnapper config, running the CLI, and reading back what lvs, findmnt and exportfs report.
# Sourcing defines functions and variables only.

VMOUT=${VMOUT:-/vmout}
# Names are UTC; bash's printf %(…)T formats them without starting date(1) (process starts are slow under TCG).
export TZ=UTC
CLI_MAIN=${VM_CLI:-$VM_REPO/dist/src/main.js}
CONF=/etc/lvmsnapper.conf
LVM_TAG=snapper
NFS_CLIENTS=(127.0.0.1 10.1.1.0/24)
# Seconds after which each rule's snapshots expire; hourly for every hour, daily for hour 0 (write_config).
HOURLY_TTL=$((6 * 3600))
DAILY_TTL=$((2 * 86400))

# --- timing -------------------------------------------------------------------------------------------------

# Milliseconds since an $EPOCHREALTIME value.
ms_since() { local now=${EPOCHREALTIME/./} start=${1/./}; echo $(((now - start) / 1000)); }

# Seconds (two decimals) since an $EPOCHREALTIME value.
seconds_since() { local ms; ms=$(ms_since "$1"); printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)); }

# --- reporting ----------------------------------------------------------------------------------------------

log() { echo "[$(date -u +%T)] $*"; }

# Ends the scenario as failed; the first reason given is the one reported.
fail() {
  local reason=$VMOUT/logs/$SCENARIO.reason
  [[ -e $reason ]] || echo "$*" >"$reason"
  log "FAIL: $*"
  exit 1
}

# Any unexpected command failure fails the scenario with the command and where it ran.
on_error() { fail "command failed (rc=$1) at ${2##*/}:$3: $4"; }

assert_eq() { # ACTUAL EXPECTED WHAT
  [[ $1 == "$2" ]] || fail "$3: got '$1', expected '$2'"
}

# --- names --------------------------------------------------------------------------------------------------

lv_stamp() { printf '%(%Y%m%d%H%M%S)T\n' "$1"; }
gmt_name() { printf '%(@GMT-%Y.%m.%d-%H.%M.%S)T\n' "$1"; }
exp_tag() { printf "${LVM_TAG}_exp:%(%Y%m%dT%H%M%SZ)T\n" "$1"; }
iso_time() { printf '%(%Y-%m-%dT%H:%M:%SZ)T\n' "$1"; }
epoch_of() { date -u -d "$1" +%s; }

# Expiry of a snapshot taken at EPOCH under write_config's rules: the longest matching expire_after.
expiry_of() {
  local hour
  printf -v hour '%(%H)T' "$1"
  if [[ $hour == 00 ]]; then echo $(($1 + DAILY_TTL)); else echo $(($1 + HOURLY_TTL)); fi
}

# /dev/mapper name of vg/lv: device-mapper doubles each '-' inside VG and LV names.
dm_path() { echo "/dev/mapper/${1//-/--}-${2//-/--}"; }

# --- building the world -------------------------------------------------------------------------------------

declare -a VOLUMES=()
declare -A VOL_VG=() VOL_FS=()

# A VG on DISK with one thin pool of SIZE.
make_vg() { # VG DISK POOL_SIZE
  pvcreate -q -y "$2"
  vgcreate -q "$1" "$2"
  lvcreate -q -L "$3" -T "$1/pool" >/dev/null
}

# A thin volume with a file system, mounted at /srv/NAME, with the snapshot and link folders the config names.
make_volume() { # NAME VG FSTYPE [VIRTUAL_SIZE]
  local name=$1 vg=$2 fs=$3 size=${4:-320M}
  # 320M: mkfs.xfs refuses file systems under 300 MB.
  lvcreate -q -V "$size" -T "$vg/pool" -n "$name" >/dev/null 2>&1
  case $fs in
    ext4) mkfs.ext4 -q "/dev/$vg/$name" ;;
    xfs) mkfs.xfs -q "/dev/$vg/$name" ;;
  esac
  mkdir -p "/srv/$name" "/snapshots/$name"
  mount "/dev/$vg/$name" "/srv/$name"
  mkdir -p "/srv/$name/.snapshots"
  echo "origin of $name" >"/srv/$name/README"
  VOLUMES+=("$name")
  VOL_VG[$name]=$vg
  VOL_FS[$name]=$fs
}

# The common world: two VGs with a thin pool each and six thin volumes, ext4 and XFS on both.
make_standard_world() {
  make_vg vgA /dev/vda 1500M
  make_vg vgB /dev/vdb 1500M
  make_volume home vgA ext4
  make_volume data vgA xfs
  make_volume proj vgA ext4
  make_volume mail vgB xfs
  make_volume www vgB ext4
  make_volume db vgB xfs
}

# The config of SPEC §2 for every volume made so far; extra [main] lines as arguments.
write_config() {
  {
    echo "[main]"
    echo "enabled = true"
    echo "statefile = /var/lib/lvmsnapper/state.json"
    echo "lvm_tag = $LVM_TAG"
    echo "lock_file = /run/lvmsnapper.lock"
    printf '%s\n' "$@"
    echo
    echo "[logging]"
    echo "loglevel = info"
    echo
    echo "[expire_hourly]"
    echo "match = * * * *"
    echo "expire_after = 6 hours"
    echo
    echo "[expire_daily]"
    echo "match = 0 * * *"
    echo "expire_after = 2 days"
    local name
    for name in "${VOLUMES[@]}"; do
      echo
      echo "[$name]"
      echo "vg = ${VOL_VG[$name]}"
      echo "lv = $name"
      echo "mount = /srv/$name"
      echo "snapdir = /snapshots/$name"
      echo "linkdir = /srv/$name/.snapshots"
      echo "nfsexports = ${NFS_CLIENTS[*]}"
      echo "nfsoptions = ro,no_subtree_check"
    done
  } >"$CONF"
}

# --- the CLI ------------------------------------------------------------------------------------------------

CLI_COUNT=0
CLI_OUT=
CLI_RC=

# Runs `lvmsnapper -c CONF ARGS…`, keeping argv, stdout, stderr and exit code under logs/SCENARIO/;
# fails the scenario unless the exit code is EXPECTED ("any" accepts every code).
cli() { # EXPECTED ARGS…
  local want=$1
  shift
  CLI_COUNT=$((CLI_COUNT + 1))
  local dir=$VMOUT/logs/$SCENARIO
  mkdir -p "$dir"
  local base
  base=$dir/$(printf 'cli-%02d' "$CLI_COUNT")
  printf '%s\n' "$@" >"$base.argv"
  local t0=$EPOCHREALTIME
  CLI_RC=0
  node "$CLI_MAIN" -c "$CONF" "$@" >"$base.stdout" 2>"$base.stderr" || CLI_RC=$?
  echo "$CLI_RC" >"$base.rc"
  CLI_OUT=$base.stdout
  log "lvmsnapper $* -> $CLI_RC in $(seconds_since "$t0") s"
  if [[ $want != any && $CLI_RC != "$want" ]]; then
    fail "lvmsnapper $* exited $CLI_RC, expected $want: $(tail -c 700 "$base.stderr" | tr '\n' ' ')"
  fi
}

# `run` as if at EPOCH, expecting exit 0.
run_at() { cli 0 --now "$(iso_time "$1")" run; }

# "volume status" lines from a --json run report (its `volumes` array).
json_volume_statuses() { # FILE
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const { volume, status } of report.volumes) console.log(`${volume} ${status}`);
  ' "$1"
}

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

# --- phase helpers shared by the CLI scenarios --------------------------------------------------------------

# The CLI scenarios need the built product.
require_cli() {
  [[ -f $CLI_MAIN ]] || fail "$CLI_MAIN missing: run npm run build first"
}

# Writes the time into a file on every origin, so each snapshot shows which moment it holds.
stamp_origins() { # EPOCH
  local vol
  for vol in "${VOLUMES[@]}"; do iso_time "$1" >"/srv/$vol/stamp"; done
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

# Waits until no lvm command is running (those of a killed CLI run finish on their own).
wait_for_lvm_idle() {
  local i
  for ((i = 0; i < 300; i++)); do
    grep -qxE 'lvm|lvcreate|lvchange|lvremove' /proc/[0-9]*/comm 2>/dev/null || return 0
    sleep 0.2
  done
  fail "lvm commands still running after 60 s"
}
