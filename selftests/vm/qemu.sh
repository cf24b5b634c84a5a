# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by run.sh and accel.sh: the one qemu command line both use, so
# that the accelerator probe tries exactly what the test VM will run.
#
#   QEMU=PATH   the qemu binary (default qemu-system-x86_64); the runner's
#               own tests point it at fake ones
#   SIXBED4_VM_CPUS=N   vCPUs per VM (default 2). make check gives each of
#               its side-by-side VMs its share of the host's cores: an
#               emulated vCPU whose thread waits for a core stalls the
#               guest's other one (IPIs, RCU, spinning locks), which made
#               the tests twice as slow.

QEMU=${QEMU:-qemu-system-x86_64}

# vm_qemu ACCEL KERNEL INITRD APPEND [QEMU-ARGS...]: sets the array vm_cmd.
# No display, no default devices, the console on stdout, qemu's own
# messages on stderr, and no reboot: a guest that panics ends qemu.
vm_qemu()
{
	local accel=$1 kernel=$2 initrd=$3 append=$4 cpu=max

	shift 4
	[ "$accel" = kvm ] && cpu=host
	# shellcheck disable=SC2034 # for the caller
	vm_cmd=(
		"$QEMU" -accel "$accel" -cpu "$cpu" -smp "${SIXBED4_VM_CPUS:-2}" -m 1536
		-nodefaults -no-reboot -display none -serial stdio
		-kernel "$kernel" -initrd "$initrd" -append "$append"
		"$@"
	)
}

# vm_kill PID: end a qemu started with setsid, and whatever it started.
vm_kill()
{
	kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}
