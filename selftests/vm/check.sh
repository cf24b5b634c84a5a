#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make check": install what is missing, build the module for every target
# kernel with W=1 and sparse, build it through DKMS, run checkpatch, then
# boot each kernel in a VM and run the whole selftest suite there. Every
# check and every KTAP test case counts; the last line is
# "N passed, N failed[, N skipped]".
set -u
here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
cd "$top" || exit 1
out=build/check
# shellcheck source=selftests/vm/report.sh
source "$here/report.sh"

mkdir -p "$out"
if ! scripts/install-deps.sh > "$out/install-deps.log" 2>&1; then
	tail -n 20 "$out/install-deps.log"
	result fail "install Debian packages (log: $out/install-deps.log)"
	summary
fi

stage_done "install Debian packages"

kernels=$(make -s kernels)
if [ -z "$kernels" ]; then
	result fail "find the target kernels (linux-image-amd64, linux-image-6.12-amd64)"
	summary
fi

check "build the tool" "$out/tool.log" make -s tool
check "build the tool with ASan and UBSan" "$out/tool-asan.log" make -s tool-asan
check "build the selftests" "$out/selftests.log" make -s selftests
check "checkpatch --strict" "$out/checkpatch.log" make -s style
check "shellcheck on the shell scripts" "$out/shellcheck.log" \
	shellcheck -x -S warning selftests/*.sh selftests/vm/*.sh \
	selftests/vm/fake-qemu scripts/*.sh .ci/run tools/completion/6bed4
# "cond && fail MSG && return 1" never returns: fail returns 1.
check "selftests: every failed assertion fails its test" "$out/asserts.log" \
	bash -c "! grep -n 'fail .*&& return' selftests/*.sh"
check "man page, YAML spec, UAPI and tool agree" "$out/docs.log" \
	/usr/bin/python3 scripts/check-docs.py

stage_done "tool, selftests, checkpatch, docs"

version=$(make -s -f - <<< 'include Makefile
print: ; @echo $(VERSION)' print)

# dkms_build KVER: build through DKMS in a private tree, leaving the
# system's DKMS state alone.
dkms_build()
{
	local k=$1 dir=$out/dkms-$1

	rm -rf "$dir" && mkdir -p "$dir/tree" "$dir/src/6bed4-$version" &&
	cp -r Kbuild dkms.conf kmod include "$dir/src/6bed4-$version/" &&
	dkms build --dkmstree "$top/$dir/tree" --sourcetree "$top/$dir/src" \
		-m 6bed4 -v "$version" -k "$k" &&
	[ -n "$(find "$dir/tree" -name '6bed4.ko*' -path "*/$k/*")" ]
}

# The builds are independent: run them side by side, then report. DKMS
# builds one at a time (the first may create its signing key).
for k in $kernels; do
	rm -f "build/$k/6bed4.ko"
	make modules KERNELS="$k" KBUILD_EXTRA=C=2 > "$out/build-$k.log" 2>&1 &
done
for k in $kernels; do
	dkms_build "$k" > "$out/dkms-$k.log" 2>&1
	echo $? > "$out/dkms-$k.rc"
done &
wait
for k in $kernels; do
	check "$k: module builds with W=1 and sparse, no warnings" \
		"$out/build-$k.log" test -f "build/$k/6bed4.ko"
	if [ "$(cat "$out/dkms-$k.rc" 2>/dev/null)" = 0 ]; then
		result pass "$k: dkms build"
	else
		tail -n 20 "$out/dkms-$k.log" | sed 's/^/    /'
		result fail "$k: dkms build (log: $out/dkms-$k.log)"
	fi
done

stage_done "module builds (W=1, sparse) and DKMS"

# KVM only if it really boots these kernels: tried once, for all VMs.
# shellcheck disable=SC2086
if ! accel=$(selftests/vm/accel.sh $kernels 2> "$out/accel.log"); then
	sed 's/^/    /' "$out/accel.log"
	result fail "choose the VMs' accelerator (log: $out/accel.log)"
	summary
fi
echo "# VM $(cat "$out/accel.log")"
stage_done "accelerator probe"

# The runner's own tests: probe, fallback, overrides, dead VMs, panics.
first=${kernels%%[[:space:]]*}
rm -rf "$out/runner" && mkdir -p "$out/runner"
selftests/vm/runner_test.sh "$first" "$out/runner" \
	> "$out/runner/runner_test.sh.log" 2>&1
echo $? > "$out/runner/runner_test.sh.rc"
count_ktap runner runner_test.sh
stage_done "runner tests ($first, 2 emulated boots)"

# One VM per kernel, side by side, each with its share of the cores.
tests=$(make -s -C selftests list)
nvms=$(wc -w <<< "$kernels")
cpus=$(($(nproc) / nvms))
[ $cpus -ge 1 ] || cpus=1
export SIXBED4_VM_CPUS=${SIXBED4_VM_CPUS:-$cpus}
for k in $kernels; do
	rm -rf "${out:?}/$k"
	mkdir -p "$out/$k"
	[ -f "build/$k/6bed4.ko" ] || continue
	echo "# $k: booting the VM (vCPUs: $SIXBED4_VM_CPUS) for: $tests"
	# shellcheck disable=SC2086
	selftests/vm/run.sh -q -a "$accel" -k "$k" -o "$out/$k" -t 1200 -- \
		bash -c "cd selftests && SIXBED4=$top/build/asan/6bed4 ../selftests/vm/suite.sh $tests" &
done
wait 2> /dev/null
stage_done "VMs side by side ($accel)"
for k in $kernels; do
	if [ ! -f "build/$k/6bed4.ko" ]; then
		result fail "$k: selftests (no module)"
		continue
	fi
	vm_results "$k" $tests
done

time_table "make check" $kernels
summary
