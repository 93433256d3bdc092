# Helpers for the guest scenarios (sourced): timing, failure reporting, names, building an LVM world,
# writing the lvmsnapper config and running the CLI; the checks are in checks.sh.
# Sourcing defines functions and variables only.

VMOUT=${VMOUT:-/vmout}
# Names are UTC; bash's printf %(…)T formats them without starting date(1) (process starts are slow under TCG).
export TZ=UTC
# Started as installed, through its shebang, so runs get its node options.
CLI_MAIN=${VM_CLI:-$VM_REPO/dist/bundle/lvmsnapper.cjs}
CONF=/etc/lvmsnapper.conf
LVM_TAG=snapper
NFS_CLIENTS=(127.0.0.1 10.1.1.0/24)
# Seconds after which each rule's snapshots expire; hourly for every hour, daily for hour 0 (write_config).
HOURLY_TTL=$((6 * 3600))
DAILY_TTL=$((2 * 86400))
# The rule sections write_config puts in the config; a scenario with other rules sets its own (and the TTLs).
CONFIG_RULES=$'[expire_hourly]\nmatch = * * * *\nexpire_after = 6 hours\n\n[expire_daily]\nmatch = 0 * * *\nexpire_after = 2 days'

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

# The config of SPEC §2 for every volume made so far, with CONFIG_RULES; extra [main] lines as arguments.
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
    printf '%s\n' "$CONFIG_RULES"
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
  "$CLI_MAIN" -c "$CONF" "$@" >"$base.stdout" 2>"$base.stderr" || CLI_RC=$?
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

# The CLI scenarios need the built product.
require_cli() {
  [[ -f $CLI_MAIN ]] || fail "$CLI_MAIN missing: run npm run build first"
}

# Writes the time into a file on every origin, so each snapshot shows which moment it holds.
stamp_origins() { # EPOCH
  local vol
  for vol in "${VOLUMES[@]}"; do iso_time "$1" >"/srv/$vol/stamp"; done
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

# The checks: reading lvs, mounts and exports back, and asserting on them.
# shellcheck source=checks.sh
source "${BASH_SOURCE[0]%/*}/checks.sh"
