#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian kernel in qemu with the host's root file system (read-only,
# under a tmpfs overlay), load the freshly built 6bed4 module and run one
# command inside. Exits with the command's status; fails if the VM dies or
# the kernel log shows a splat, printing the trace and the console's tail.
#
# usage: run.sh [-k KERNELRELEASE] [-r ROOT] [-o OUTDIR] [-t SECONDS] [-a ACCEL] [-p PLUGIN] [-q] -- CMD [ARGS...]
#   -k  kernel to boot (default: the first of `make kernels`)
#   -r  where that kernel is installed: ROOT/boot/vmlinuz-KERNELRELEASE and
#       ROOT/lib/modules/KERNELRELEASE (default: this host's /)
#   -o  where the console log, qemu's messages, dmesg and exit status go
#       (default: a temp dir)
#   -t  give up after this many seconds (default 900)
#   -a  kvm or tcg, already chosen: no probe (make check probes once)
#   -p  load this QEMU TCG plugin (implies -a tcg, single-threaded so
#       that counts are exact); what it prints goes to OUTDIR/plugin.log
#   -q  do not copy the console to stdout
# Without -a, accel.sh tries KVM and falls back to emulation (TCG);
# SIXBED4_VM_ACCEL=kvm|tcg overrides that: kvm fails if KVM does not work,
# tcg does not try it. QEMU=PATH picks the qemu binary.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
# shellcheck source=selftests/vm/qemu.sh
source "$here/qemu.sh"
kver=""
outdir=""
limit=900
quiet=0
accel=""
root=""
plugin=""

usage()
{
	sed -n 's/^# \{0,1\}//;8,21p' "$0" >&2
	exit 1
}

while getopts "k:r:o:t:a:p:q" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	r) root=$(readlink -f "$OPTARG") ;;
	o) outdir=$OPTARG ;;
	t) limit=$OPTARG ;;
	a) accel=$OPTARG ;;
	p) plugin=$(readlink -f "$OPTARG") accel=tcg ;;
	q) quiet=1 ;;
	*) usage ;;
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
kernel="$root/boot/vmlinuz-$kver"
kmods="$root/lib/modules/$kver"
initrd="$top/build/vm/initramfs-$kver.gz"
modroot="$top/build/vm/modroot-$kver"
moddir="$modroot/lib/modules/$kver"
for f in "$kernel" "$ko"; do
	if [ ! -r "$f" ]; then
		echo "run.sh: $f missing (make modules KERNELS=$kver?)" >&2
		exit 1
	fi
done
if [ ! -s "$initrd" ] || [ "$here/initramfs-init" -nt "$initrd" ] ||
   [ "$here/mkinitramfs.sh" -nt "$initrd" ]; then
	mkdir -p "$(dirname "$initrd")"
	"$here/mkinitramfs.sh" "$kver" "$initrd" "$root"
fi

# The module index, made here at native speed; the guest copies it over
# its /lib/modules so that modprobe and autoloading find our module. One
# VM at a time rebuilds it, and the link never lands inside the host's
# module tree (ln -n), whatever another run left there.
mkdir -p "$top/build/vm"
exec 9> "$top/build/vm/modroot-$kver.lock"
flock 9
if [ ! -s "$moddir/modules.dep" ] || [ "$ko" -nt "$moddir/modules.dep" ]; then
	rm -rf "$modroot"
	mkdir -p "$moddir/extra"
	ln -sfn "$kmods/kernel" "$moddir/kernel"
	cp "$kmods"/modules.{order,builtin,builtin.modinfo} "$moddir/"
	cp "$ko" "$moddir/extra/6bed4.ko"
	depmod -b "$modroot" "$kver"
fi
flock -u 9
exec 9>&-

[ -n "$outdir" ] || outdir=$(mktemp -d /tmp/6bed4-vm.XXXXXX)
mkdir -p "$outdir"
outdir=$(readlink -f "$outdir")
rm -f "$outdir"/{rc,dmesg,console.log,qemu.log,plugin.log,trace.txt,vm-seconds,boot-seconds}
{
	echo "#!/bin/bash"
	printf 'cd %q || exit 1\n' "$top"
	printf 'exec %q %q' "$here/guest.sh" "$moddir"
	printf ' %q' "$@"
	echo
} > "$outdir/job"

case $accel in
"") accel=$("$here/accel.sh" "$kver") || exit 1 ;;
kvm|tcg) ;;
*) echo "run.sh: -a $accel: neither kvm nor tcg" >&2; usage ;;
esac

# Fail fast and keep the evidence: loglevel 5 lets warnings and the stack
# dumps printed at the default level reach the console, and a soft lockup,
# an RCU stall or a hung task panics, which ends qemu at once (panic=-1
# with -no-reboot) instead of running into the timeout. A WARN does not
# panic: it fails the run through the splat check on dmesg.
append="console=ttyS0 panic=-1 loglevel=5"
append+=" softlockup_panic=1 softlockup_all_cpu_backtrace=1"
append+=" hung_task_panic=1 sysctl.kernel.panic_on_rcu_stall=1"
extra=()
if [ -n "$plugin" ]; then
	accel=tcg,thread=single
	extra=(-plugin "$plugin" -d plugin -D "$outdir/plugin.log")
fi
vm_qemu "$accel" "$kernel" "$initrd" "$append" "${extra[@]}" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev "local,id=results,path=$outdir,security_model=none" \
	-device virtio-9p-pci,fsdev=results,mount_tag=results

start=$(date +%s)
status=0
if [ "$quiet" = 1 ]; then
	timeout -k 10 "$limit" "${vm_cmd[@]}" < /dev/null \
		> "$outdir/console.log" 2> "$outdir/qemu.log" || status=$?
else
	timeout -k 10 "$limit" "${vm_cmd[@]}" < /dev/null \
		2> "$outdir/qemu.log" | tee "$outdir/console.log" || status=$?
fi
echo $(($(date +%s) - start)) > "$outdir/vm-seconds"

# report: what the console and qemu said, for a VM that did not finish.
report()
{
	local console=$outdir/console.log

	if "$here/splat.sh" -t "$console" > "$outdir/trace.txt"; then
		echo "run.sh: $kver: the kernel's trace (console.log):"
		sed 's/^/    /' "$outdir/trace.txt"
	else
		echo "run.sh: $kver: the console's last lines:"
		tr -d '\r' < "$console" | tail -n 30 | sed 's/^/    /'
	fi
	if [ -s "$outdir/qemu.log" ]; then
		echo "run.sh: $kver: qemu's own messages (qemu.log):"
		tail -n 10 "$outdir/qemu.log" | sed 's/^/    /'
	else
		echo "run.sh: $kver: qemu printed nothing on stderr"
	fi
}

if [ ! -s "$outdir/rc" ]; then
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		why="still running after $limit s, stopped"
	elif grep -aq 'Kernel panic' "$outdir/console.log"; then
		why="the kernel panicked"
	else
		why="qemu exited with status $status"
	fi
	{
		echo "run.sh: $kver ($accel): the VM ended without finishing the command: $why (log: $outdir)"
		report
	} >&2
	exit 1
fi
if "$here/splat.sh" -t "$outdir/dmesg" > "$outdir/trace.txt"; then
	{
		echo "run.sh: $kver: kernel splat in $outdir/dmesg:"
		sed 's/^/    /' "$outdir/trace.txt"
	} >&2
	exit 1
fi
exit "$(cat "$outdir/rc")"
