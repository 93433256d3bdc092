#!/bin/bash
# Returns the guest to a blank state between scenarios: no NFS exports or client mounts, nothing mounted
# from the test disks, no VG, blank disks, no lvmsnapper config, state or lock.
set -euo pipefail
# A scenario that killed the CLI may leave its lvm commands running: they finish within seconds.
export SCENARIO=reset
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
wait_for_lvm_idle
exportfs -ua
# Deepest mounts first: snapshot mounts sit inside /snapshots, links and NFS mounts inside /srv and /mnt.
findmnt -rn -o TARGET | grep -E '^/(srv|snapshots|mnt)/' | sort -r | while read -r target; do
  umount "$target" || umount -l "$target"
done
for vg in $(vgs --noheadings -o vg_name); do
  vgchange -q -an "$vg" >/dev/null
  vgremove -q -ff -y "$vg" >/dev/null
done
for disk in /dev/vd?; do
  pvremove -q -ff -y "$disk" >/dev/null 2>&1 || true
  wipefs -q -a "$disk"
done
udevadm settle
if dmsetup ls | grep -qv '^No devices found'; then
  echo "device-mapper devices left: $(dmsetup ls)" >&2
  exit 1
fi
rm -rf /srv /snapshots /var/lib/lvmsnapper /etc/lvmsnapper.conf /run/lvmsnapper.lock
find /mnt -mindepth 1 -delete
mkdir -p /var/lib/lvmsnapper
