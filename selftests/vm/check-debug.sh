#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make check-debug": the module on a debug kernel (KASAN, UBSAN, lockdep,
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, kmemleak, DEBUG_NET; debug-kernel.sh
# builds it once and caches it), in an emulated VM: module load/unload,
# the fuzzers, the lifecycle races and then a kmemleak scan. Any splat or
# leak fails it. KASAN under emulation is slow, so by default the fuzzers
# run at reduced counts and the lifecycle test 5 cycles; FULL=1 runs every
# selftest and the full counts (1 000 000 datagrams, 100 000 netlink
# requests, 100 000 solicitations, 1000 cycles). The lifecycle's
# background traffic is paced for one emulated CPU either way. The last
# line is "N passed, N failed[, N skipped]".
set -u
here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
cd "$top" || exit 1
out=build/check-debug
# shellcheck source=selftests/vm/report.sh
source "$here/report.sh"

mkdir -p "$out"
if ! scripts/install-deps.sh debug > "$out/install-deps.log" 2>&1; then
	tail -n 20 "$out/install-deps.log"
	result fail "install Debian packages (log: $out/install-deps.log)"
	summary
fi
stage_done "install Debian packages"

if ! kernel=$("$here/debug-kernel.sh" 2> "$out/debug-kernel.log"); then
	tail -n 30 "$out/debug-kernel.log" | sed 's/^/    /'
	result fail "build the debug kernel (log: $out/debug-kernel.log)"
	summary
fi
root=${kernel% *}
kver=${kernel#* }
echo "# debug kernel $kver in $root (built in $(cat "$root/build-seconds") s)"
stage_done "debug kernel (cached after its first build)"

check "tool and selftests build" "$out/build.log" make -s tool selftests
rm -f "build/$kver/6bed4.ko"
check "$kver: module builds with W=1" "$out/module.log" \
	make -s modules KERNELS="$kver" KDIR="$root/linux-source-6.12"
stage_done "tool, selftests, module"
[ -f "build/$kver/6bed4.ko" ] || summary

if [ "${FULL:-}" = 1 ]; then
	tests=$(make -s -C selftests list)
	counts="SIXBED4_FUZZ_DATAGRAMS=1000000 SIXBED4_FUZZ_GENL=100000 SIXBED4_FUZZ_NS=100000"
	counts+=" SIXBED4_LIFECYCLE_CYCLES=1000 SIXBED4_LIFECYCLE_PPS=20"
	counts+=" SIXBED4_TEST_TIMEOUT=20000"
	limit=36000
else
	# Each command costs seconds on this kernel: 6bed4_netns.sh alone
	# takes ten minutes, so it is left to FULL=1 (and make check).
	tests="6bed4_module.sh 6bed4_fuzz.sh 6bed4_lifecycle.sh"
	counts="SIXBED4_FUZZ_DATAGRAMS=100000 SIXBED4_FUZZ_GENL=10000 SIXBED4_FUZZ_NS=5000"
	counts+=" SIXBED4_LIFECYCLE_CYCLES=5 SIXBED4_LIFECYCLE_PPS=20"
	# 6bed4_fuzz.sh took 508 s in one run and 610 s in the next.
	counts+=" SIXBED4_TEST_TIMEOUT=1200"
	limit=2400
fi

# One vCPU: with two, kernel text live-patched for a static key (ping's
# timestamps, a UDP tunnel socket, a hook) while the other vCPU ran the
# flooded receive path ended in "Oops: int3" at the patched site, twice,
# in core code: emulated cross-vCPU code patching, not the module.
export SIXBED4_VM_CPUS=${SIXBED4_VM_CPUS:-1}

# shellcheck disable=SC2086
if ! accel=$("$here/accel.sh" -r "$root" "$kver" 2> "$out/accel.log"); then
	sed 's/^/    /' "$out/accel.log"
	result fail "choose the VM's accelerator (log: $out/accel.log)"
	summary
fi
echo "# VM $(cat "$out/accel.log")"
echo "# $kver: booting the VM (vCPUs: $SIXBED4_VM_CPUS) for: $tests ($counts)"
rm -rf "${out:?}/$kver"
mkdir -p "$out/$kver"
# shellcheck disable=SC2086
selftests/vm/run.sh -q -a "$accel" -r "$root" -k "$kver" -o "$out/$kver" -t "$limit" -- \
	env $counts bash -c "cd selftests && ../selftests/vm/kmemleak.sh clear &&
		../selftests/vm/suite.sh $tests; ../selftests/vm/kmemleak.sh report"
stage_done "the debug VM ($accel)"

vm_results "$kver" $tests kmemleak
time_table "make check-debug" "$kver"
summary
