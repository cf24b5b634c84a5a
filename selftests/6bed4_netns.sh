#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 6bed4 devices and network namespaces: the socket stays in the netns the
# device was created in, the device goes with that netns, the family only
# shows a netns its own devices, user-namespace admins manage their own
# devices; and races of deletion against dumps and changes.

source "$(dirname "$0")/lib.sh"

# watch_ns NS: a veth pair with one end in NS; its other end, in our
# netns, goes away only once NS has been taken apart.
watch_ns()
{
	ip link add "w-$1" type veth peer name w0 netns "$1"
}

# ns_gone NS: wait for NS's teardown to finish.
ns_gone()
{
	for _ in $(seq 100); do
		ip link show "w-$1" > /dev/null 2>&1 || return 0
		sleep 0.1
	done
	fail "netns $1 not taken apart"
}

in_ns()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$SIXBED4" "$@"
}

test_netns_delete()
{
	cleanup_all
	setup_ns ns1 || return 1
	modprobe 6bed4
	ip -n ns1 link add sb0 type 6bed4 && ip -n ns1 link set sb0 up &&
	in_ns ns1 set dev sb0 prefix 2001:db8:9:10::/64 || return 1
	udp_bound 25790 ns1 || fail "no socket in ns1" || return 1
	watch_ns ns1 || return 1
	ip netns del ns1
	ns_gone ns1 || return 1
	# Our per-netns list must not hold the dead device: exercise it.
	setup_ns ns1 && ip -n ns1 link add sb0 type 6bed4 && watch_ns ns1 &&
	ip netns del ns1 && ns_gone ns1 || return 1
	modprobe -r 6bed4 || fail "cannot unload after the netns went"
}

test_netns_visibility()
{
	cleanup_all
	setup_ns ns1 ns2 || return 1
	ip -n ns1 link add sb1 type 6bed4 && ip -n ns2 link add sb2 type 6bed4 || return 1
	[ "$(in_ns ns1 -j show | jq -c '[.[].ifname]')" = '["sb1"]' ] ||
		fail "ns1 sees $(in_ns ns1 -j show)" || return 1
	[ "$(in_ns ns2 -j show | jq -c '[.[].ifname]')" = '["sb2"]' ] ||
		fail "ns2 sees $(in_ns ns2 -j show)" || return 1
	in_ns ns1 set dev sb2 port 1 2>/dev/null && { fail "ns1 changed ns2's device"; return 1; }
	return 0
}

test_moved_device()
{
	cleanup_all
	setup_ns ns1 ns2 || return 1
	ip -n ns1 link add sb0 type 6bed4 && ip -n ns1 link set sb0 netns ns2 || return 1
	ip -n ns2 link set sb0 up &&
	in_ns ns2 set dev sb0 port 4100 prefix 2001:db8:9:10::/64 || return 1
	# Configured from ns2, the socket is bound in ns1, where it was created.
	udp_bound 4100 ns1 || fail "socket not in the creating netns" || return 1
	udp_bound 4100 ns2 && { fail "socket in the device's netns"; return 1; }
	in_ns ns2 -j show | jq -e '.[0].listening' > /dev/null || fail "not listening" || return 1

	# The device goes with the netns its socket lives in.
	ip netns del ns1
	for _ in $(seq 50); do
		ip -n ns2 link show sb0 > /dev/null 2>&1 || break
		sleep 0.1
	done
	ip -n ns2 link show sb0 > /dev/null 2>&1 && { fail "sb0 outlived its creating netns"; return 1; }

	# And a device moved away dies with the netns it moved to, and
	# its creating netns can go after that.
	setup_ns ns1 || return 1
	ip -n ns1 link add sb1 type 6bed4 && ip -n ns1 link set sb1 netns ns2 || return 1
	watch_ns ns1 && watch_ns ns2 || return 1
	ip netns del ns2 && ns_gone ns2 || return 1
	ip -n ns1 link show sb1 > /dev/null 2>&1 && { fail "sb1 came back to ns1"; return 1; }
	ip netns del ns1 && ns_gone ns1 || return 1
	modprobe -r 6bed4 || fail "cannot unload after both netns went"
}

test_userns_admin()
{
	cleanup_all
	modprobe 6bed4
	# An unprivileged user's own user and network namespace.
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn sh -c "
			ip link add sb0 type 6bed4 &&
			ip link set lo up && ip link set sb0 up &&
			'$SIXBED4' set dev sb0 port 4200 prefix 2001:db8:9:10::/64 &&
			'$SIXBED4' -j show dev sb0" > /tmp/userns.out 2>&1 ||
		fail "userns admin could not manage its device: $(cat /tmp/userns.out)" || return 1
	jq -e '.[0].port == 4200 and .[0].listening' /tmp/userns.out > /dev/null ||
		fail "unexpected: $(cat /tmp/userns.out)"
}

# requests_of [STRACE_OPTION...] -- CMD...: how many netlink requests
# CMD sent (strace).
requests_of()
{
	local opts=()

	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	# LeakSanitizer (in make check's build of the tool) cannot run traced.
	ASAN_OPTIONS=detect_leaks=0 \
		strace -qq -f -e trace=sendto "${opts[@]}" -o /tmp/requests.strace \
		"$@" > /tmp/requests.out 2>&1
	local rc=$?
	grep -c '^[0-9]* *sendto(' /tmp/requests.strace
	return $rc
}

# Enough devices that a dump takes several messages (a 6.12 kernel puts
# up to 32 KB in one), and churn between them: interrupted dumps
# (NLM_F_DUMP_INTR) are asked again, and every show is whole. The retry
# path must have run: strace holds the first read of each dump (the 2nd
# recvmsg, after the family lookup's) for 300 ms, so that the churn
# lands between two parts of it.
test_delete_while_dumping()
{
	local churn i n base retried=0 bad=0

	cleanup_all
	modprobe 6bed4
	for i in $(seq 0 119); do
		echo "link add keep$i type 6bed4"
	done | ip -batch - || return 1
	base=$(requests_of -- "$SIXBED4" -j show) || fail "show failed" || return 1
	(
		while :; do
			for i in 0 1 2 3 4 5 6; do
				ip link add "churn$i" type 6bed4 2>/dev/null
				ip link del "churn$(((i + 3) % 7))" 2>/dev/null
			done
		done
	) &
	churn=$!
	for i in $(seq 1 40); do
		n=$(requests_of -e inject=recvmsg:delay_enter=300000:when=2 \
			-- "$SIXBED4" -j show) ||
			{ bad=1; echo "# show failed: $(cat /tmp/requests.out)"; break; }
		jq -e '[.[].ifname | select(startswith("keep"))] | length == 120' \
			/tmp/requests.out > /dev/null ||
			{ bad=1; echo "# inconsistent dump: $(head -c 300 /tmp/requests.out)"; break; }
		[ "$n" -gt "$base" ] && retried=$((retried + 1))
		[ $retried -ge 3 ] && break
	done
	kill $churn 2>/dev/null
	wait $churn 2>/dev/null
	echo "# $retried of $i shows were interrupted and asked again"
	[ $bad = 0 ] || return 1
	[ $retried -gt 0 ] || fail "no dump was interrupted: the retry path never ran"
}

test_set_while_deleting()
{
	local setter i

	cleanup_all
	modprobe 6bed4
	ip link add sb0 type 6bed4
	(
		for i in $(seq 1 60); do
			out=$("$SIXBED4" set dev sb0 port $((6000 + i % 50)) prefix 2001:db8:9:10::/64 2>&1)
			case $? in
			0) ;;
			2) [[ "$out" == *"no such device"* ]] || echo "# unexpected: $out" ;;
			*) echo "# unexpected exit: $out" ;;
			esac
		done
	) > /tmp/setter.out &
	setter=$!
	for i in $(seq 1 20); do
		ip link del sb0 2>/dev/null
		ip link add sb0 type 6bed4 && ip link set sb0 up
	done
	wait $setter
	[ ! -s /tmp/setter.out ] || fail "$(cat /tmp/setter.out)"
}

test_netns_delete_while_busy()
{
	local pids=() i

	cleanup_all
	modprobe 6bed4
	for i in 1 2 3; do
		setup_ns "busy$i" || return 1
		ip -n "busy$i" link add sb0 type 6bed4 && ip -n "busy$i" link set sb0 up || return 1
		(
			for _ in $(seq 1 25); do
				ip netns exec "busy$i" "$SIXBED4" set dev sb0 port $((7000 + RANDOM % 100)) \
					prefix 2001:db8:9:10::/64 2>/dev/null
				ip netns exec "busy$i" "$SIXBED4" -j show > /dev/null 2>&1
			done
		) &
		pids+=($!)
	done
	sleep 2
	for i in 1 2 3; do
		watch_ns "busy$i" || return 1
		ip netns del "busy$i"
	done
	wait "${pids[@]}"
	for i in 1 2 3; do
		ns_gone "busy$i" || return 1
	done
	modprobe -r 6bed4 || fail "cannot unload after the busy netns went"
}

ktap_print_header
ktap_set_plan 7
run_test "device in a netns is deleted with the netns" test_netns_delete
run_test "each netns sees and changes only its own devices" test_netns_visibility
run_test "moved device: socket stays in, and device dies with, the creating netns" test_moved_device
run_test "user-namespace admin manages its own netns's device" test_userns_admin
run_test "devices deleted while the tool dumps: consistent output" test_delete_while_dumping
run_test "set racing with device deletion: clean errors only" test_set_while_deleting
run_test "netns deleted while its device is being changed" test_netns_delete_while_busy
ktap_finished
