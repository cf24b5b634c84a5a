#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": 6bed4_bench.sh with its full counts in one emulated VM
# (one vCPU, single-threaded TCG) that loads the insncount plugin, then the
# table of guest instructions per packet for plain forwarding, sit+fou and
# the 6bed4 device, side by side from that one run.
#
# usage: bench.sh [-k KERNELRELEASE] [-j]
#   -k  the kernel to boot (default: the last of `make kernels`)
#   -j  print the figures as JSON
# INSNCOUNT=DIR: the plugin's sources (default: ../shared/tools/insncount
# beside the repository). The run's files stay in build/bench/.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
top=$(readlink -f "$here/../..")
cd "$top"
kver=""
json=""

while getopts "k:j" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	j) json=-j ;;
	*) sed -n 's/^# \{0,1\}//;7,12p' "$0" >&2; exit 1 ;;
	esac
done
[ -n "$kver" ] || kver=$(make -s kernels | tail -n 1)

src=${INSNCOUNT:-$top/../shared/tools/insncount}
out=build/bench
if [ ! -r "$src/insncount.c" ]; then
	echo "bench.sh: no insncount plugin sources in $src (INSNCOUNT=DIR)" >&2
	exit 1
fi
mkdir -p "$out"
cc -O2 -shared -fPIC -o "$out/insncount.so" "$src/insncount.c"

status=0
SIXBED4_VM_CPUS=1 selftests/vm/run.sh -q -p "$out/insncount.so" -k "$kver" \
	-o "$out/vm" -t 3000 -- bash -c "cd selftests &&
	SIXBED4_BENCH=/run/6bed4-vm/bench-labels ../selftests/vm/suite.sh 6bed4_bench.sh" ||
	status=$?
if [ $status != 0 ]; then
	cat "$out/vm/6bed4_bench.sh.log" 2>/dev/null
	echo "bench.sh: the bench did not complete (exit $status, log: $out/vm)" >&2
	exit 1
fi
[ -n "$json" ] || echo "# $kver, TCG with the insncount plugin, 1 vCPU" \
	"($(cat "$out/vm/6bed4_bench.sh.time") s)"
/usr/bin/python3 "$here/bench-report.py" "$out/vm/bench-labels" \
	"$out/vm/plugin.log" $json
