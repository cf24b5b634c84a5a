#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the VM: run selftests one after another, as kselftest's runner
# does, each under the timeout from "settings". Each test's KTAP output goes
# to the console and to TEST.log in the results share, its exit status to
# TEST.rc and its run time in seconds to TEST.time.
#
# usage: suite.sh TEST...   (from the selftests directory)
#   SIXBED4_TEST_TIMEOUT=SECONDS  instead of "settings" (make check-debug
#                                 FULL=1: hours under emulation)
results=/run/6bed4-vm
limit=${SIXBED4_TEST_TIMEOUT:-$(sed -n 's/^timeout=//p' settings)}
status=0

for t in "$@"; do
	echo "# selftests: 6bed4: $t"
	start=$(cut -d' ' -f1 /proc/uptime)
	timeout -k 10 "${limit:-300}" "./$t" 2>&1 | tee "$results/$t.log"
	rc=${PIPESTATUS[0]}
	echo "$rc" > "$results/$t.rc"
	awk -v s="$start" '{ printf "%.1f\n", $1 - s }' /proc/uptime > "$results/$t.time"
	[ "$rc" = 0 ] || status=1
done
exit $status
