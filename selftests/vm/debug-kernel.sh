#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the debug kernel of "make check-debug" once: Debian's
# linux-source-6.12, x86_64_defconfig + kvm_guest.config + selftests/config
# + debug.config (KASAN, UBSAN, lockdep, kmemleak, DEBUG_NET, ...). It is
# cached outside the clone, keyed by the fragments, this script and the
# source package's version, so that a second run does not rebuild it.
#
# Prints "DIR KERNELRELEASE": DIR/boot/vmlinuz-KERNELRELEASE, DIR/lib/modules/
# KERNELRELEASE (modules.builtin, ...) and DIR/linux-source-6.12, the tree
# to build modules against.
#
# usage: debug-kernel.sh
#   SIXBED4_CACHE=DIR   where kernels are kept (default ~/.cache/6bed4)
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2> /dev/null | head -n 1)
if [ -z "$tarball" ]; then
	echo "debug-kernel: linux-source-6.12 is not installed" >&2
	exit 1
fi
version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$(cat "$here/debug.config" "$top/selftests/config" "$0" | sha256sum | cut -c1-12)
cache=${SIXBED4_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/6bed4}
dir=$cache/debug-kernel-$version-$key
tree=$dir/linux-source-6.12

if [ -f "$dir/kernelrelease" ]; then
	echo "$dir $(cat "$dir/kernelrelease")"
	exit 0
fi

# Build where it will stay (module builds refer to the tree's path); a
# build that fails leaves nothing that looks finished.
rm -rf "$dir"
mkdir -p "$dir"
trap '[ -f "$dir/kernelrelease" ] || rm -rf "$dir"' EXIT
start=$SECONDS
tar -C "$dir" -xf "$tarball"
make -s -C "$tree" x86_64_defconfig
"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" \
	"$tree/kernel/configs/kvm_guest.config" "$top/selftests/config" \
	"$here/debug.config" > "$dir/merge.log"
make -s -C "$tree" olddefconfig

# Every option asked for must have survived olddefconfig.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$here/debug.config" | while read -r line; do
	case $line in
	*=n) ! grep -q -- "^${line%=n}=" "$tree/.config" || echo "$line" ;;
	*) grep -qx -- "$line" "$tree/.config" || echo "$line" ;;
	esac
done)
if [ -n "$missing" ]; then
	echo "debug-kernel: options that did not take: $missing" >&2
	exit 1
fi

make -s -C "$tree" -j"$(nproc)" bzImage modules
kver=$(make -s -C "$tree" kernelrelease)
mkdir -p "$dir/boot"
cp "$tree/arch/x86/boot/bzImage" "$dir/boot/vmlinuz-$kver"
make -s -C "$tree" INSTALL_MOD_PATH="$dir" modules_install
echo "$((SECONDS - start))" > "$dir/build-seconds"
echo "$kver" > "$dir/kernelrelease"
echo "debug-kernel: built $kver in $((SECONDS - start)) s" >&2
echo "$dir $kver"
