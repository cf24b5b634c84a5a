# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by check.sh and check-debug.sh: counting checks and KTAP cases,
# the summary line "N passed, N failed[, N skipped]", the time table. The
# caller sets $out (where results are) and $tests (the test programs).
# shellcheck disable=SC2154 # $out and $tests are the caller's

report_dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

passed=0
failed=0
skipped=0

result()
{
	case $1 in
	pass) passed=$((passed + 1)); echo "ok - $2" ;;
	fail) failed=$((failed + 1)); echo "FAIL - $2" ;;
	skip) skipped=$((skipped + 1)); echo "skip - $2" ;;
	esac
}

summary()
{
	local line="$passed passed, $failed failed"

	[ "$skipped" = 0 ] || line="$line, $skipped skipped"
	echo "$line"
	[ "$failed" = 0 ]
	exit
}

# check NAME LOG CMD...: one check that passes if CMD succeeds and its
# output (kept in LOG) holds no warning.
check()
{
	local name=$1 log=$2

	shift 2
	if "$@" > "$log" 2>&1 && ! grep -qiE 'warning|error:|check:' "$log"; then
		result pass "$name"
	else
		sed 's/^/    /' "$log" | tail -n 30
		result fail "$name (log: $log)"
	fi
}

# count_ktap KVER TEST: count one test program's KTAP cases.
count_ktap()
{
	local dir=$out/$1 t=$2 log rc plan pass skip fail seen

	log=$dir/$t.log
	if [ ! -s "$log" ]; then
		result fail "$1: $t did not run"
		return
	fi
	rc=$(cat "$dir/$t.rc" 2>/dev/null)
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
	skip=$(grep -cE '^ok [0-9]+ .*# SKIP' "$log")
	pass=$(($(grep -cE '^ok [0-9]+' "$log") - skip))
	fail=$(grep -cE '^not ok [0-9]+' "$log")
	seen=$((pass + skip + fail))
	# Cases that never reported (a crash or a timeout) count as failed.
	[ -n "$plan" ] && [ "$seen" -lt "$plan" ] && fail=$((fail + plan - seen))
	[ "$rc" != 0 ] && [ "$fail" = 0 ] && fail=1
	passed=$((passed + pass))
	failed=$((failed + fail))
	skipped=$((skipped + skip))
	echo "$( [ "$fail" = 0 ] && echo ok || echo FAIL ) - $1: $t: $pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ] || grep -E '^not ok|^# FAIL|^#.*Expected' "$log" | head -n 20 | sed 's/^/    /'
}

# Where the time goes, printed as a table at the end.
timings=()
stage_start=$SECONDS
stage_done()
{
	timings+=("$(printf '%-44s %6d' "$1" $((SECONDS - stage_start)))")
	stage_start=$SECONDS
}

# time_table WHAT KVER...: the stages, then each VM's boot and test
# programs (guest seconds, $tests) beside each other, a column per kernel.
time_table()
{
	local what=$1 k t row line

	shift

	echo "# where the time went, in seconds:"
	for line in "${timings[@]}"; do
		echo "#   $line"
	done
	row=$(printf '%-24s' "in the VM")
	for k in "$@"; do
		row+=$(printf ' %22s' "$k")
	done
	echo "#   $row"
	for t in boot $tests vm; do
		case $t in
		boot) row=$(printf '%-24s' "boot, to the job") ;;
		vm) row=$(printf '%-24s' "whole VM (wall clock)") ;;
		*) row=$(printf '%-24s' "$t") ;;
		esac
		for k in "$@"; do
			case $t in
			boot) line=$(cut -d. -f1 "$out/$k/boot-seconds" 2>/dev/null) ;;
			vm) line=$(cat "$out/$k/vm-seconds" 2>/dev/null) ;;
			*) line=$(cat "$out/$k/$t.time" 2>/dev/null) ;;
			esac
			row+=$(printf ' %22s' "${line:--}")
		done
		echo "#   $row"
	done
	echo "#   $(printf '%-44s %6d' "$what" "$SECONDS")"
}

# vm_results KVER TEST...: the KTAP cases of each test program the VM of
# KVER ran, and its kernel log: it must have finished, without a splat.
vm_results()
{
	local k=$1 t

	shift
	for t in "$@"; do
		count_ktap "$k" "$t"
	done
	if [ ! -s "$out/$k/dmesg" ]; then
		result fail "$k: the VM finished its run (console: $out/$k/console.log)"
	elif "$report_dir/splat.sh" "$out/$k/dmesg" > "$out/$k/splat.txt"; then
		sed 's/^/    /' "$out/$k/splat.txt"
		result fail "$k: no kernel splat in dmesg ($out/$k/dmesg)"
	else
		result pass "$k: no kernel splat in dmesg"
	fi
}
