#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the debug VM, after the tests: scan for leaks twice (an object is
# reported once it has looked unreferenced for two scans) and report what
# kmemleak found, as KTAP, in kmemleak.log and kmemleak.rc of the results.
#
# usage: kmemleak.sh clear | kmemleak.sh report
results=/run/6bed4-vm
k=/sys/kernel/debug/kmemleak

mountpoint -q /sys/kernel/debug || mount -t debugfs nodev /sys/kernel/debug
if [ "${1:-}" = clear ]; then
	# What the kernel allocated before the tests is not theirs.
	echo scan > $k && echo clear > $k
	exit
fi
{
	echo "TAP version 13"
	echo "1..1"
	echo scan > $k
	sleep 6
	echo scan > $k
	if [ -s $k ]; then
		sed 's/^/# /' $k | head -n 200
		echo "not ok 1 kmemleak: $(grep -c '^unreferenced object' $k) unreferenced objects"
		rc=1
	else
		echo "ok 1 kmemleak: no unreferenced object after two scans"
		rc=0
	fi
} > "$results/kmemleak.log" 2>&1
cat "$results/kmemleak.log"
echo "$rc" > "$results/kmemleak.rc"
exit $rc
