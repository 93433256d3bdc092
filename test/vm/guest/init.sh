#!/bin/sh
# /init of the test guest's initramfs (busybox sh): reach the host's root over 9p, stack a tmpfs overlay on it
# so the guest can write anywhere, mount the results share, then hand over to boot.sh in the new root.
# Layout follows the shared vm-recipe.md.
set -e
export PATH=/bin
/bin/busybox --install -s /bin
fail() { echo "init: $*" >/dev/console; echo o >/proc/sysrq-trigger; sleep 60; }
trap 'fail "failed before switch_root"' EXIT

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# Loaded in the order `modprobe --show-depends` printed when run.sh built this initramfs.
while read -r ko; do insmod "/lib/modules/$ko"; done </lib/modules/order

# cache=loose: the host root is read-only for the guest, and caching it makes node's many module reads cheap.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /host
mount -t tmpfs -o mode=755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work overlay /newroot
mkdir -p /newroot/vmout
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmout /newroot/vmout

# shellcheck disable=SC1091 # written by run.sh into the results share
. /newroot/vmout/job.env
trap - EXIT
umount /proc /sys /dev
exec switch_root /newroot /bin/bash "$VM_REPO/test/vm/guest/boot.sh"
