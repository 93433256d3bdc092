#!/bin/bash
# Returns the guest to a blank state between scenarios: no NFS exports or client mounts, nothing mounted
# from the test disks, no VG, blank disks, no lvmsnapper config, state or lock.
set -euo pipefail
# A scenario that killed the CLI may leave its lvm commands running: they finish within seconds.
timeout 60 bash -c 'while grep -qxE "lvm|lvcreate|lvchange|lvremove" /proc/[0-9]*/comm 2>/dev/null; do sleep 0.2; done'
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
if [[ -n $(dmsetup ls | grep -v '^No devices found') ]]; then
  echo "device-mapper devices left: $(dmsetup ls)" >&2
  exit 1
fi
rm -rf /srv /snapshots /mnt/* /var/lib/lvmsnapper /etc/lvmsnapper.conf /run/lvmsnapper.lock
mkdir -p /var/lib/lvmsnapper
