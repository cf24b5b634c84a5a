#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test VM's initramfs for one installed kernel: static busybox,
# the modules needed to reach the host root (virtio-pci, 9p, overlay),
# decompressed so that busybox insmod can load them, and our /init.
#
# usage: mkinitramfs.sh KERNELRELEASE OUTPUT.cpio.gz [ROOT]
#   ROOT: where the kernel's modules are, ROOT/lib/modules (default /);
#   modules built into the kernel need nothing
set -euo pipefail

kver=$1
out=$2
root=${3:-/}
here=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,dev,proc,sys,modules}
cp /bin/busybox "$tmp/bin/busybox"
install -m 0755 "$here/initramfs-init" "$tmp/init"

# modprobe lists a module's dependencies first, once each.
: > "$tmp/modules/order"
for mod in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$root" -S "$kver" --show-depends "$mod" | while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		name=$(basename "$path")
		name=${name%.xz}
		name=${name%.zst}
		grep -qx "$name" "$tmp/modules/order" && continue
		case $path in
		*.xz) xz -dc "$path" > "$tmp/modules/$name" ;;
		*.zst) zstd -dqc "$path" > "$tmp/modules/$name" ;;
		*) cp "$path" "$tmp/modules/$name" ;;
		esac
		echo "$name" >> "$tmp/modules/order"
	done
done

(cd "$tmp" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
