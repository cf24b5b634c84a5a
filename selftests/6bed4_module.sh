#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The 6bed4 module's life: loading and unloading with and without devices,
# autoloading through "ip link add" and through the tool's generic netlink
# family lookup, and devices coming and going without leaving sockets or
# module references behind.

source "$(dirname "$0")/lib.sh"

unload()
{
	cleanup_all
	if module_loaded; then
		modprobe -r 6bed4 || return 1
	fi
	! module_loaded || fail "module still loaded after modprobe -r"
}

test_load_unload_empty()
{
	unload || return 1
	modprobe 6bed4 || fail "modprobe 6bed4 failed" || return 1
	[ "$(module_refcnt)" = 0 ] || fail "refcnt $(module_refcnt) with no device" || return 1
	modprobe -r 6bed4 || fail "modprobe -r failed" || return 1
	! module_loaded || fail "module still loaded"
}

test_autoload_rtnl()
{
	unload || return 1
	ip link add sb0 type 6bed4 || fail "ip link add did not autoload" || return 1
	module_loaded || fail "module not loaded"
}

test_autoload_genl()
{
	unload || return 1
	"$SIXBED4" -j show > /dev/null || fail "6bed4 show did not autoload" || return 1
	module_loaded || fail "module not loaded"
}

test_unload_with_devices()
{
	unload || return 1
	setup_ns ns1 || return 1
	ip link add sb0 type 6bed4 && ip link set sb0 up &&
	"$SIXBED4" set dev sb0 prefix 2001:db8:9:10::/64 &&
	ip link add sb1 type 6bed4 && ip link set sb1 up || return 1
	ip -n ns1 link add sb2 type 6bed4 && ip -n ns1 link set sb2 up &&
	ip netns exec ns1 "$SIXBED4" set dev sb2 port 4000 prefix 2001:db8:9:11::/64 || return 1
	udp_bound 25790 && udp_bound 4000 ns1 || fail "sockets not open" || return 1

	modprobe -r 6bed4 || fail "cannot unload with devices" || return 1
	! module_loaded || fail "module still loaded" || return 1
	ip link show sb0 2>/dev/null && { fail "sb0 survived the unload"; return 1; }
	ip -n ns1 link show sb2 2>/dev/null && { fail "sb2 survived the unload"; return 1; }
	udp_bound 25790 && { fail "port 25790 still bound"; return 1; }
	udp_bound 4000 ns1 && { fail "port 4000 still bound in ns1"; return 1; }
	return 0
}

test_add_del_cycles()
{
	local i

	unload || return 1
	for i in $(seq 1 8); do
		ip link add sb0 type 6bed4 && ip link set sb0 up &&
		"$SIXBED4" set dev sb0 port $((5000 + i)) prefix 2001:db8:9:10::/64 &&
		udp_bound $((5000 + i)) || fail "cycle $i: setup failed" || return 1
		ip link del sb0 || fail "cycle $i: delete failed" || return 1
		udp_bound $((5000 + i)) && { fail "cycle $i: port left bound"; return 1; }
	done
	modprobe -r 6bed4 || fail "cannot unload after cycles"
}

ktap_print_header
ktap_set_plan 5
run_test "load and unload without devices" test_load_unload_empty
run_test "ip link add type 6bed4 loads the module" test_autoload_rtnl
run_test "the tool's family lookup loads the module" test_autoload_genl
run_test "unload with devices up in two netns: all gone, ports freed" test_unload_with_devices
run_test "15 add/configure/delete cycles leave no socket or reference" test_add_del_cycles
ktap_finished
