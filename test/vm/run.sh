#!/usr/bin/env bash
# End-to-end tests on a real kernel: boots the host's Debian kernel under QEMU (TCG) with the host's root as a
# read-only 9p share under a tmpfs overlay, real LVM thin pools, ext4, XFS and nfsd, runs the guest scenarios
# (test/vm/guest/scenarios/) against the built CLI, and brings back their results. See test/vm/README.md.
#
#   test/vm/run.sh [--scenario NAME]… [--script GUEST_SCRIPT] [--cli MAIN_JS] [--keep] [--timeout SECONDS]
#                  [--list]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$HERE/out
RESULTS=$OUT/results
DEFAULT_SCENARIOS=(smoke latency cycles content mount-folder nfs-client nfs-world reboot crash pool-guard safety)
PACKAGES=(qemu-system-x86 linux-image-amd64 lvm2 thin-provisioning-tools busybox-static xfsprogs
  nfs-kernel-server kmod udev e2fsprogs util-linux iproute2 rpcbind nfs-common binutils)
# Modules the initramfs needs to reach the 9p root and stack the overlay; the rest load from that root.
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)
DISKS=4
DISK_SIZE=4G
SCENARIO_TIMEOUT=${VM_SCENARIO_TIMEOUT:-420}
# The whole boot is bounded so that a hang fails the run instead of blocking CI (90 minutes in all).
MAX_TIMEOUT=1800

usage() { sed -n '2,7s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }
die() { echo "run.sh: $*" >&2; exit 2; }

scenarios=()
script=
cli=$REPO/dist/bundle/lvmsnapper.cjs
keep=false
timeout=
while (($#)); do
  case $1 in
    --scenario) scenarios+=("${2:?--scenario needs a name}"); shift 2 ;;
    --script) script=$(realpath "${2:?--script needs a file}"); shift 2 ;;
    --cli) cli=$(realpath "${2:?--cli needs a file}"); shift 2 ;;
    --keep) keep=true; shift ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --list) printf '%s\n' "${DEFAULT_SCENARIOS[@]}"; exit 0 ;;
    -h | --help) usage 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
((${#scenarios[@]})) || scenarios=("${DEFAULT_SCENARIOS[@]}")
for name in "${scenarios[@]}"; do
  [[ -f $HERE/guest/scenarios/$name.sh ]] || die "no scenario '$name' (see --list)"
done
if [[ -z $timeout ]]; then
  timeout=$((180 + ${#scenarios[@]} * SCENARIO_TIMEOUT))
  ((timeout <= MAX_TIMEOUT)) || timeout=$MAX_TIMEOUT
fi

# Installs the Debian packages the host (QEMU, kernel, busybox, kmod) and the guest (everything else, seen
# through the 9p root) need, when any is missing.
ensure_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing packages (need root to install): ${missing[*]}"
  echo "run.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The newest kernel with both modules and an image.
pick_kernel() {
  local kver
  for kver in $(ls /lib/modules | sort -rV); do
    [[ -f /boot/vmlinuz-$kver ]] && { echo "$kver"; return; }
  done
  die "no kernel in /lib/modules with a /boot/vmlinuz"
}

# busybox, the modules in dependency order, and guest/init.sh as /init.
build_initramfs() { # KVER
  local stage=$OUT/initramfs ko
  rm -rf "$stage"
  mkdir -p "$stage"/{bin,dev,proc,sys,host,rw,newroot,lib/modules}
  cp /bin/busybox "$stage/bin/busybox"
  ln -s busybox "$stage/bin/sh"
  # The kernel opens /dev/console for /init before anything is mounted.
  mknod -m 600 "$stage/dev/console" c 5 1
  # One module per call: --show-depends takes the words after the first as module parameters.
  for ko in "${INITRAMFS_MODULES[@]}"; do modprobe -S "$1" --show-depends "$ko"; done |
    awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
    while read -r ko; do
      local name
      name=$(basename "$ko")
      # busybox insmod reads plain .ko files only; newer Debian kernels ship them compressed.
      case $ko in
        *.xz) xz -dc "$ko" >"$stage/lib/modules/${name%.xz}"; name=${name%.xz} ;;
        *.zst) zstd -qdc "$ko" >"$stage/lib/modules/${name%.zst}"; name=${name%.zst} ;;
        *) cp "$ko" "$stage/lib/modules/" ;;
      esac
      echo "$name" >>"$stage/lib/modules/order"
    done
  install -m 755 "$HERE/guest/init.sh" "$stage/init"
  (cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1 >"$OUT/initramfs.gz"
}

# Tells the guest what to run; read by init.sh (busybox sh) and inherited by boot.sh.
write_job() {
  {
    printf 'export VM_REPO=%q\n' "$REPO"
    printf 'export VM_SCENARIOS=%q\n' "${scenarios[*]}"
    printf 'export VM_SCENARIO_TIMEOUT=%q\n' "$SCENARIO_TIMEOUT"
    printf 'export VM_SCRIPT=%q\n' "$script"
    printf 'export VM_CLI=%q\n' "$cli"
  } >"$RESULTS/job.env"
}

boot() { # KVER
  local drives=() i
  mkdir -p "$OUT/disks"
  for ((i = 0; i < DISKS; i++)); do
    rm -f "$OUT/disks/$i.img"
    truncate -s "$DISK_SIZE" "$OUT/disks/$i.img"
    drives+=(-drive "file=$OUT/disks/$i.img,if=virtio,format=raw,cache=unsafe")
  done
  # /dev/kvm exists on these machines but hangs: TCG. -cpu host fails under TCG, -cpu max works.
  timeout -k 10 "$timeout" qemu-system-x86_64 -accel tcg -cpu max -m 2048 -smp 2 -nographic -no-reboot \
    -nodefaults -serial mon:stdio \
    -nic none \
    -kernel "/boot/vmlinuz-$1" -initrd "$OUT/initramfs.gz" \
    -append "console=ttyS0 panic=-1 loglevel=3" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$RESULTS,mount_tag=vmout,security_model=none,multidevs=remap" \
    "${drives[@]}" </dev/null >"$OUT/console.log" 2>&1
}

report() { # QEMU_RC
  local rc=$1 guest_rc passed failed
  guest_rc=$(cat "$RESULTS/exit-code" 2>/dev/null || echo none)
  [[ -f $RESULTS/results.txt ]] && cat "$RESULTS/results.txt"
  [[ -f $RESULTS/durations.txt ]] && awk '{ printf "  %-12s %7.1f s\n", $1, $2 }' "$RESULTS/durations.txt"
  if [[ $guest_rc != 0 ]]; then
    echo "---- console ($OUT/console.log) ----"
    cat "$OUT/console.log"
    local log
    for log in "$RESULTS"/logs/*.reason "$RESULTS/logs/script.log"; do
      [[ -e $log ]] || continue
      log=${log%.reason}
      log=${log%.log}.log
      [[ -e $log ]] || continue
      echo "---- last lines of ${log#"$RESULTS"/} ----"
      tail -n 30 "$log"
    done
  fi
  ((rc == 124)) && echo "run.sh: the VM did not finish within $timeout s"
  [[ $guest_rc == none ]] && echo "run.sh: the guest wrote no exit code (qemu exit $rc)"
  passed=$(grep -c '^PASS ' "$RESULTS/results.txt" 2>/dev/null || true)
  failed=$(grep -c '^FAIL ' "$RESULTS/results.txt" 2>/dev/null || true)
  echo "results and logs: $RESULTS"
  echo "${passed:-0} passed, ${failed:-0} failed"
  [[ $guest_rc == 0 ]]
}

main() {
  ensure_packages
  local kver
  kver=$(pick_kernel)
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  build_initramfs "$kver"
  write_job
  echo "run.sh: kernel $kver, scenarios: ${script:-${scenarios[*]}}, limit ${timeout}s"
  local t0=$SECONDS rc=0
  boot "$kver" || rc=$?
  echo "run.sh: VM ran $((SECONDS - t0)) s"
  $keep || rm -rf "$OUT/disks" "$OUT/initramfs"
  report "$rc"
}

main
