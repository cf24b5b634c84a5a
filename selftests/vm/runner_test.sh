#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM runner's own tests, on the host (KTAP): the accelerator probe and
# its fallback against fake qemus (fake-qemu) that fail the way broken
# KVM hosts do, the overrides, and what the runner reports when a VM dies
# or panics. Two cases boot a real VM under emulation.
#
# usage: runner_test.sh KERNELRELEASE OUTDIR
set -u
here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
kver=$1
out=$(readlink -f "$2")
fake=$here/fake-qemu

# shellcheck source=selftests/ktap.sh
source "$top/selftests/ktap.sh"

mkdir -p "$out"

# probe ENV...: accel.sh with a fake qemu; sets ACCEL, WHY and ELAPSED.
probe()
{
	local start=$SECONDS

	ACCEL=$(env QEMU="$fake" FAKE_QEMU_LOG="$out/qemu-runs" "$@" \
		"$here/accel.sh" "$kver" 2> "$out/accel.err")
	PROBE_RC=$?
	WHY=$(cat "$out/accel.err")
	ELAPSED=$((SECONDS - start))
	echo "# $WHY"
}

# vm ENV... -- RUN.SH-ARGS...: run.sh with a fake qemu; sets RC and ERR.
vm()
{
	local env=()

	while [ "$1" != -- ]; do
		env+=("$1")
		shift
	done
	shift
	rm -f "$out/qemu-runs"
	env QEMU="$fake" FAKE_QEMU_LOG="$out/qemu-runs" "${env[@]}" \
		"$here/run.sh" -q -k "$kver" -o "$out/vm" "$@" 2> "$out/run.err"
	RC=$?
	ERR=$(cat "$out/run.err")
	sed 's/^/# /' "$out/run.err"
}

test_probe_abort()
{
	probe FAKE_QEMU_KVM=abort
	[ "$PROBE_RC" = 0 ] && [ "$ACCEL" = tcg ] ||
		fail "chose '$ACCEL' (exit $PROBE_RC)" || return 1
	[[ "$WHY" == *"kvm: probe failed"*"failed to set MSR 0x10a to 0x69"*"using tcg"* ]] ||
		fail "the reason does not quote qemu: $WHY"
}

test_probe_hang()
{
	probe FAKE_QEMU_KVM=hang SIXBED4_VM_PROBE_TIMEOUT=2
	[ "$ACCEL" = tcg ] || fail "chose '$ACCEL'" || return 1
	[[ "$WHY" == *"no boot within 2 s"*"using tcg"* ]] ||
		fail "the reason does not name the timeout: $WHY" || return 1
	[ "$ELAPSED" -le 5 ] || fail "the probe took $ELAPSED s" || return 1
	! pgrep -f fake-qemu-hang > /dev/null || fail "the hung qemu is still running"
}

test_probe_stuck()
{
	probe FAKE_QEMU_KVM=stuck SIXBED4_VM_PROBE_TIMEOUT=2
	[ "$ACCEL" = tcg ] || fail "chose '$ACCEL'" || return 1
	[[ "$WHY" == *"no boot within 2 s: KVM internal error. Suberror: 1; using tcg"* ]] ||
		fail "the reason does not quote qemu's first error: $WHY"
}

test_probe_works()
{
	probe FAKE_QEMU_KVM=works SIXBED4_VM_PROBE_TIMEOUT=180
	[ "$ACCEL" = kvm ] || fail "chose '$ACCEL'" || return 1
	[[ "$WHY" == *"the probe booted $kver"* ]] || fail "reason: $WHY"
}

test_forced_kvm()
{
	vm FAKE_QEMU_KVM=abort SIXBED4_VM_ACCEL=kvm -- -t 60 -- true
	[ "$RC" != 0 ] || fail "run.sh succeeded" || return 1
	[[ "$ERR" == *"SIXBED4_VM_ACCEL=kvm, but kvm does not work"*"failed to set MSR"* ]] ||
		fail "not said loudly enough" || return 1
	[ "$(cat "$out/qemu-runs")" = kvm ] || fail "qemu ran as: $(cat "$out/qemu-runs")"
}

test_forced_tcg_and_death()
{
	vm FAKE_QEMU_KVM=abort FAKE_QEMU_TCG=die SIXBED4_VM_ACCEL=tcg -- -t 60 -- true
	[ "$(cat "$out/qemu-runs")" = tcg ] ||
		fail "qemu ran as: $(tr '\n' ' ' < "$out/qemu-runs")" || return 1
	[ "$RC" != 0 ] || fail "run.sh succeeded" || return 1
	[[ "$ERR" == *"the VM ended without finishing the command: qemu exited with status 1"* ]] ||
		fail "no reason given" || return 1
	[[ "$ERR" == *"fake-qemu: last words on the console"* ]] ||
		fail "the console's tail is missing" || return 1
	[[ "$ERR" == *"fake-qemu: the guest stopped: device gone"* ]] ||
		fail "qemu's own message is missing"
}

# The job also shows that the panic switches took.
test_fallback_runs_job()
{
	local sys=/proc/sys/kernel

	vm FAKE_QEMU_KVM=abort -- -t 300 -- bash -c \
		"echo job-ran-\$((6 * 7)); cat $sys/softlockup_panic $sys/hung_task_panic $sys/panic_on_rcu_stall | tr '\n' ' '"
	[ "$RC" = 0 ] || fail "run.sh: exit $RC" || return 1
	[[ "$ERR" == *"kvm: probe failed"*"using tcg"* ]] || fail "no fallback said" || return 1
	[ "$(tr '\n' ' ' < "$out/qemu-runs")" = "kvm tcg " ] ||
		fail "qemu ran as: $(tr '\n' ' ' < "$out/qemu-runs")" || return 1
	grep -aq job-ran-42 "$out/vm/console.log" || fail "the job did not run" || return 1
	grep -aq '1 1 1 ' "$out/vm/console.log" ||
		fail "softlockup/hung task/RCU stall panics are not on"
}

test_panic_reported()
{
	local start=$SECONDS

	vm -- -a tcg -t 600 -- bash -c 'echo c > /proc/sysrq-trigger; sleep 600'
	echo "# ended after $((SECONDS - start)) s"
	[ "$RC" != 0 ] || fail "run.sh succeeded" || return 1
	[ $((SECONDS - start)) -lt 300 ] || fail "waited for the timeout" || return 1
	[[ "$ERR" == *"the kernel panicked"* ]] || fail "no panic said" || return 1
	[[ "$ERR" == *"the kernel's trace"*"sysrq"* ]] || fail "no trace shown"
}

ktap_print_header
ktap_set_plan 8
run_test "probe: qemu aborts under KVM -> tcg, qemu's line quoted" test_probe_abort
run_test "probe: qemu hangs under KVM -> tcg after the probe's timeout" test_probe_hang
run_test "probe: KVM stops the guest (emulation failure) -> tcg" test_probe_stuck
run_test "probe: a guest that boots under KVM -> kvm" test_probe_works
run_test "SIXBED4_VM_ACCEL=kvm with a broken KVM fails loudly, no fallback" test_forced_kvm
run_test "SIXBED4_VM_ACCEL=tcg: no probe; a dying VM shows console and qemu" test_forced_tcg_and_death
run_test "fallback: the job runs under tcg, lockup panics on" test_fallback_runs_job
run_test "a kernel panic ends the run at once, with its trace" test_panic_reported
ktap_finished
