#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Choose the test VM's accelerator by trying it. A /dev/kvm that opens is
# no proof that KVM can run these kernels (on some hosts qemu aborts
# setting an MSR, or KVM stops the guest with an emulation failure), so each
# kernel is booted under KVM, with the test VM's own qemu command line and
# a tiny init that prints a marker: KVM is chosen only if every kernel
# prints it in time, plain emulation (TCG) otherwise.
#
# Prints the accelerator, "kvm" or "tcg", on stdout and why on stderr.
#
# usage: accel.sh [-r ROOT] KERNELRELEASE...
#   -r  the kernels are in ROOT/boot (default /boot)
#   SIXBED4_VM_ACCEL=kvm    KVM or nothing: exit 1 if the probe fails
#   SIXBED4_VM_ACCEL=tcg    emulation, without a probe
#   SIXBED4_VM_ACCEL=auto   (or unset) probe, fall back to emulation
#   SIXBED4_VM_PROBE_TIMEOUT=SECONDS   per kernel (default 20)
#   QEMU=PATH               the qemu binary (default qemu-system-x86_64)
set -u

here=$(dirname "$(readlink -f "$0")")
# shellcheck source=selftests/vm/qemu.sh
source "$here/qemu.sh"

MARKER="6bed4-vm-probe: init runs"
want=${SIXBED4_VM_ACCEL:-auto}
root=""
if [ "${1:-}" = -r ]; then
	root=$2
	shift 2
fi
limit=${SIXBED4_VM_PROBE_TIMEOUT:-20}

usage()
{
	sed -n 's/^# \{0,1\}//;10,19p' "$0" >&2
	exit 2
}

case $want in
tcg)
	echo "accel: tcg (SIXBED4_VM_ACCEL=tcg, no probe)" >&2
	echo tcg
	exit 0
	;;
kvm|auto) ;;
*)
	echo "accel: SIXBED4_VM_ACCEL=$want: not kvm, tcg or auto" >&2
	usage
	;;
esac
[ $# -gt 0 ] || usage

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The probe's initramfs: busybox and an /init that prints the marker. The
# kernel's built-in initramfs provides /dev/console.
mkdir -p "$tmp/root/bin"
cp /bin/busybox "$tmp/root/bin/busybox" || exit 1
printf '#!/bin/busybox sh\necho "%s"\nexec /bin/busybox poweroff -f\n' \
	"$MARKER" > "$tmp/root/init"
chmod 0755 "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$tmp/probe.gz"

# The line of qemu's stderr (or else of the console) that says most about
# a failed boot: its first error, as later ones (register dumps, the
# assertion after a failed MSR write) follow from it.
failure_line()
{
	local line

	line=$(grep -aiE 'error|assert|fail|abort' "$tmp/stderr" | head -n 1)
	[ -n "$line" ] || line=$(grep -a . "$tmp/stderr" | tail -n 1)
	[ -n "$line" ] || line="console: $(tr -d '\r' < "$tmp/console" | grep -a . | tail -n 1)"
	[ "$line" != "console: " ] || line="no output at all"
	echo "$line"
}

# probe KVER: boot it under KVM; on failure REASON says why.
probe()
{
	local kver=$1 pid status ticks=0

	vm_qemu kvm "$root/boot/vmlinuz-$kver" "$tmp/probe.gz" \
		"console=ttyS0 panic=-1 loglevel=1"
	: > "$tmp/console"
	setsid "${vm_cmd[@]}" < /dev/null > "$tmp/console" 2> "$tmp/stderr" &
	pid=$!
	while :; do
		if grep -aq "$MARKER" "$tmp/console"; then
			vm_kill "$pid"
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"
			status=$?
			grep -aq "$MARKER" "$tmp/console" && return 0
			REASON="$kver: qemu exited with status $status: $(failure_line)"
			return 1
		fi
		if [ "$ticks" -ge $((limit * 5)) ]; then
			vm_kill "$pid"
			REASON="$kver: no boot within ${limit} s: $(failure_line)"
			return 1
		fi
		sleep 0.2
		ticks=$((ticks + 1))
	done
}

start=$(date +%s.%N)
for kver in "$@"; do
	if [ ! -r "$root/boot/vmlinuz-$kver" ]; then
		echo "accel: $root/boot/vmlinuz-$kver missing" >&2
		exit 1
	fi
	# (stderr off: bash reports a qemu that aborts as a job message)
	if ! probe "$kver" 2> /dev/null; then
		if [ "$want" = kvm ]; then
			echo "accel: SIXBED4_VM_ACCEL=kvm, but kvm does not work: probe failed: $REASON" >&2
			exit 1
		fi
		echo "accel: tcg (kvm: probe failed: $REASON; using tcg)" >&2
		echo tcg
		exit 0
	fi
done
awk -v s="$start" -v e="$(date +%s.%N)" -v k="$*" \
	'BEGIN { printf "accel: kvm (the probe booted %s in %.1f s)\n", k, e - s }' >&2
echo kvm
