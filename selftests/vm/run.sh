#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian kernel in qemu with the host's root file system (read-only,
# under a tmpfs overlay), load the freshly built 6bed4 module and run one
# command inside. Exits with the command's status; fails if the VM dies or
# the kernel log shows a splat.
#
# usage: run.sh [-k KERNELRELEASE] [-o OUTDIR] [-t SECONDS] [-q] -- CMD [ARGS...]
#   -k  kernel to boot (default: the first of `make kernels`)
#   -o  where the console log, dmesg and exit status go (default: a temp dir)
#   -t  give up after this many seconds (default 900)
#   -q  do not copy the console to stdout
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
kver=""
outdir=""
limit=900
quiet=0

while getopts "k:o:t:q" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	o) outdir=$OPTARG ;;
	t) limit=$OPTARG ;;
	q) quiet=1 ;;
	*) sed -n 's/^# \{0,1\}//;8,14p' "$0" >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
if [ $# -eq 0 ]; then
	echo "run.sh: no command given" >&2
	exit 1
fi
[ -n "$kver" ] || kver=$(make -s -C "$top" kernels | head -n 1)

ko="$top/build/$kver/6bed4.ko"
initrd="$top/build/vm/initramfs-$kver.gz"
modroot="$top/build/vm/modroot-$kver"
moddir="$modroot/lib/modules/$kver"
for f in "/boot/vmlinuz-$kver" "$ko"; do
	if [ ! -r "$f" ]; then
		echo "run.sh: $f missing (make modules KERNELS=$kver?)" >&2
		exit 1
	fi
done
if [ ! -s "$initrd" ] || [ "$here/initramfs-init" -nt "$initrd" ] ||
   [ "$here/mkinitramfs.sh" -nt "$initrd" ]; then
	mkdir -p "$(dirname "$initrd")"
	"$here/mkinitramfs.sh" "$kver" "$initrd"
fi

# The module index, made here at native speed; the guest copies it over
# its /lib/modules so that modprobe and autoloading find our module.
if [ ! -s "$moddir/modules.dep" ] || [ "$ko" -nt "$moddir/modules.dep" ]; then
	rm -rf "$modroot"
	mkdir -p "$moddir/extra"
	ln -s "/lib/modules/$kver/kernel" "$moddir/kernel"
	cp "/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$moddir/"
	cp "$ko" "$moddir/extra/6bed4.ko"
	depmod -b "$modroot" "$kver"
fi

[ -n "$outdir" ] || outdir=$(mktemp -d /tmp/6bed4-vm.XXXXXX)
mkdir -p "$outdir"
outdir=$(readlink -f "$outdir")
rm -f "$outdir/rc" "$outdir/dmesg" "$outdir/console.log"
{
	echo "#!/bin/bash"
	printf 'cd %q || exit 1\n' "$top"
	printf 'exec %q %q' "$here/guest.sh" "$moddir"
	printf ' %q' "$@"
	echo
} > "$outdir/job"

accel=tcg
cpu=max
if [ -w /dev/kvm ]; then
	accel=kvm
	cpu=host
fi

qemu=(
	qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 2 -m 1536
	-nodefaults -no-reboot -display none -serial stdio
	-kernel "/boot/vmlinuz-$kver" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 quiet loglevel=4"
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=results,path=$outdir,security_model=none"
	-device virtio-9p-pci,fsdev=results,mount_tag=results
)
if [ "$quiet" = 1 ]; then
	timeout -k 10 "$limit" "${qemu[@]}" < /dev/null > "$outdir/console.log" 2>&1 || true
else
	timeout -k 10 "$limit" "${qemu[@]}" < /dev/null 2>&1 | tee "$outdir/console.log" || true
fi

if [ ! -s "$outdir/rc" ]; then
	echo "run.sh: $kver: the VM ended without finishing the command (log: $outdir/console.log)" >&2
	exit 1
fi
if "$here/splat.sh" "$outdir/dmesg" >&2; then
	echo "run.sh: $kver: kernel splat in $outdir/dmesg" >&2
	exit 1
fi
exit "$(cat "$outdir/rc")"
