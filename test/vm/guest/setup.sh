#!/bin/bash
# System setup of the test guest (run once by boot.sh): kernel file systems, the device-mapper and file system
# modules, udev (without it lvcreate fails with "device not cleared"), LVM's run folders, loopback, and an NFS
# server (nfsd, rpcbind, rpc.nfsd, rpc.mountd) as a file server runs them. See vm-recipe.md.
set -euxo pipefail
PS4='+ ${EPOCHREALTIME} '

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# What udev's static nodes would give: bash's process substitution needs /dev/fd.
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/lvm /run/lock /run/lock/lvm /var/lib/lvmsnapper
echo 1 >/proc/sys/kernel/sysrq

modprobe -a virtio_blk dm-mod dm-thin-pool dm-snapshot ext4 xfs nfsd nfs nfsv3

/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=30

ip link set lo up
mount -t nfsd nfsd /proc/fs/nfsd
mkdir -p /run/rpcbind /var/lib/nfs
rpcbind -w
rpc.nfsd 4
rpc.mountd
exportfs -ra

lsblk -d -n -o NAME,SIZE
