#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM as its first process (see initramfs-init): finish
# the mounts, install the freshly built module so that modprobe and module
# autoloading find it, run the job's command, then save its exit status and
# the kernel log to the results share and power off.
#
# usage: guest.sh MODDIR CMD [ARGS...]
#   MODDIR: extra/6bed4.ko and the module index made by run.sh
set -u
results=/run/6bed4-vm
moddir=$1
shift

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# /tmp stays the overlay's (writable, in memory): the repository under
# test may well live in the host's /tmp.
ln -sfn /proc/self/fd /dev/fd
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1
hostname 6bed4-vm
ip link set lo up

# How long the kernel took to get here, for make check's time table.
cut -d' ' -f1 /proc/uptime > "$results/boot-seconds"

kver=$(uname -r)
# A kernel that is not the host's has no /lib/modules of its own here.
mkdir -p "/lib/modules/$kver"
[ -e "/lib/modules/$kver/kernel" ] || cp -P "$moddir/kernel" "/lib/modules/$kver/"
cp -r "$moddir/extra" "/lib/modules/$kver/"
cp "$moddir"/modules.* "/lib/modules/$kver/"

echo "6bed4-vm: running $*" > /dev/kmsg
"$@"
rc=$?

dmesg > "$results/dmesg"
echo "$rc" > "$results/rc"
# Wait for the power-off with a builtin: the host root goes away under us.
mkfifo /dev/shm/never
sync
echo o > /proc/sysrq-trigger
read -r -t 60 <> /dev/shm/never
