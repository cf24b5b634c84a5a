#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The device's life while traffic flows through it: created and deleted
# again and again, the module unloaded, its netns deleted, its proxy-ND
# upstream deleted during a solicitation flood, its configuration changed
# in a tight loop under a ping flood and a TCP stream. No splat, no leak
# (make check-debug scans with kmemleak), no lost configuration. Cycles:
# SIXBED4_LIFECYCLE_CYCLES (default 3, a smoke; make check-debug: 5,
# FULL=1: 1000). Traffic runs flat out, or with SIXBED4_LIFECYCLE_PPS
# set, at that many fuzzed datagrams and pings a second and that many KB/s
# of TCP (make check-debug: 20, as a flood on one emulated KASAN CPU
# leaves the test itself no time to run).
#
#   wan: datagram fuzzer, sit+fou peer 192.0.2.10:40000 --- router --- native
#   (setup_router_topology in lib.sh)

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
PEER=2001:db8:9:10:c000:20a:9c40:1
NATIVE=2001:db8:ffff::2
CYCLES=${SIXBED4_LIFECYCLE_CYCLES:-3}
PPS=${SIXBED4_LIFECYCLE_PPS:-0}
TRAFFIC=()

# pin_static_keys: a fou socket and a netdev ingress chain in the router
# netns for the whole test, so that sb0's socket and the proxy-ND hook
# coming and going never flip the kernel's UDP-encap and ingress static
# keys while a flood runs. Under emulation, live-patching kernel text that
# the other vCPU is executing ended in "Oops: int3" in
# udp_queue_rcv_one_skb, the int3 already replaced by its jump: an
# emulator artefact, not what is tested here.
pin_static_keys()
{
	modprobe fou &&
	ip netns exec router ip fou add port 26999 ipproto 41 &&
	ip -n router link add pin0 type dummy &&
	ip netns exec router nft 'add table netdev pin' &&
	ip netns exec router nft \
		'add chain netdev pin in { type filter hook ingress device pin0 priority 0; }'
}

# router_dev: sb0 in the router netns, configured and routed.
router_dev()
{
	ip -n router link add sb0 type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 prefix $PREFIX &&
	ip -n router link set sb0 up &&
	ip -n router route replace $PREFIX dev sb0
}

# traffic: datagrams at the router's port from the wan, and a ping flood
# from the native host, until stop_traffic.
traffic()
{
	local interval=0.005

	[ "$PPS" = 0 ] || interval=$(awk -v pps="$PPS" 'BEGIN { print 1 / pps }')
	ip netns exec wan "$SELFTEST_DIR/fuzz_datagrams" 1000000000 "$RANDOM" \
		192.0.2.1 25790 2001:db8:9:10:: 192.0.2.0 "$PPS" > /dev/null 2>&1 &
	TRAFFIC+=($!)
	ip netns exec native ping -6 -q -i "$interval" $PEER > /dev/null 2>&1 &
	TRAFFIC+=($!)
}

# stream_source: zeros for a TCP stream, flat out or at PPS KB/s.
stream_source()
{
	if [ "$PPS" = 0 ]; then
		cat /dev/zero
	else
		"${PYTHON[@]}" -c 'import sys, time
while True:
	sys.stdout.buffer.write(bytes(1000))
	sys.stdout.flush()
	time.sleep(1 / int(sys.argv[1]))' "$PPS"
	fi
}

stop_traffic()
{
	kill "${TRAFFIC[@]}" 2>/dev/null
	wait "${TRAFFIC[@]}" 2>/dev/null
	TRAFFIC=()
}

# serving: the router carries a peer's ping to the native host and back.
# Three tries: once, in one make check, the one echo after the rmmod
# rounds got no reply (cause not found); if all three are lost, the
# counters printed say where.
serving()
{
	local try

	for try in 1 2 3; do
		peer_cmd wan 192.0.2.11:40030 25790 $PREFIX ping $NATIVE > /dev/null &&
			return 0
		echo "# try $try: no echo reply"
	done
	fail "not serving after the cycles: $(ip netns exec router "$SIXBED4" -j show dev sb0)"
}

test_create_delete()
{
	local i

	ip -n router link del sb0
	traffic
	for i in $(seq "$CYCLES"); do
		router_dev || { stop_traffic; fail "cycle $i: cannot set up sb0"; return 1; }
		sleep 0.02
		ip -n router link del sb0 ||
			{ stop_traffic; fail "cycle $i: cannot delete sb0"; return 1; }
	done
	router_dev
	stop_traffic
	serving
}

test_rmmod()
{
	local i

	traffic
	for i in $(seq $(((CYCLES + 9) / 10))); do
		modprobe -r 6bed4 || { stop_traffic; fail "round $i: rmmod failed"; return 1; }
		router_dev || { stop_traffic; fail "round $i: no device after modprobe"; return 1; }
		sleep 0.2
	done
	stop_traffic
	serving
}

test_netns_delete()
{
	local i

	traffic
	for i in $(seq $(((CYCLES + 9) / 10))); do
		setup_ns doomed || return 1
		# doomed has no 192.0.2.1: bind to any address there.
		ip -n doomed link add sbd type 6bed4 &&
		ip netns exec doomed "$SIXBED4" set dev sbd port 26100 prefix $PREFIX &&
		ip -n doomed link set sbd netns router && ip -n router link set sbd up ||
			{ stop_traffic; fail "round $i: setup"; return 1; }
		# sbd lives in router now, its socket in doomed, which goes.
		ip netns del doomed
		for _ in $(seq 100); do
			ip -n router link show sbd > /dev/null 2>&1 || break
			sleep 0.05
		done
		ip -n router link show sbd > /dev/null 2>&1 &&
			{ stop_traffic; fail "round $i: sbd outlived its netns"; return 1; }
	done
	stop_traffic
	serving
}

test_upstream_delete_under_flood()
{
	local i flood

	setup_ns provider || return 1
	for i in $(seq $(((CYCLES + 4) / 5))); do
		ip -n router link add up0 type veth peer name p-up netns provider &&
		ip -n router link set up0 up && ip -n provider link set p-up up &&
		ip netns exec router "$SIXBED4" set dev sb0 proxy-nd up0 || return 1
		ip netns exec provider "${PYTHON[@]}" "$SELFTEST_DIR/ns_probe.py" \
			--fuzz "$i" --count 100000 --wait 0 p-up 2001:db8:9:10::1 \
			> /dev/null 2>&1 &
		flood=$!
		sleep 0.3
		ip -n router link del up0
		kill $flood 2>/dev/null
		wait $flood 2>/dev/null
		[ "$(ip netns exec router "$SIXBED4" -j show dev sb0 | jq -r '.[0].proxy_nd')" = off ] ||
			fail "round $i: proxy-nd still on without its upstream" || return 1
	done
	serving
}

# Changes to every setting, each refused or taken whole, under a ping flood
# and a TCP stream through a sit+fou peer; the last one set stays set.
test_config_churn()
{
	local i stream

	setup_sitfou_peer $PEER || return 1
	ip netns exec native socat -u TCP6-LISTEN:5002,reuseaddr OPEN:/dev/null &
	stream=$!
	sleep 0.5
	stream_source | ip netns exec wan timeout 600 socat -u STDIN "TCP6:[$NATIVE]:5002" \
		> /dev/null 2>&1 &
	TRAFFIC+=($! "$stream")
	traffic
	for i in $(seq "$CYCLES"); do
		ip netns exec router "$SIXBED4" set dev sb0 port $((25790 + i % 2)) \
			netid $((i % 4096)) route 2001:db8:aaaa::/48 > /dev/null &&
		ip netns exec router "$SIXBED4" set dev sb0 local 0.0.0.0 > /dev/null &&
		ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 > /dev/null &&
		ip netns exec router "$SIXBED4" bypass add 2001:db8:9:10::11/128 dev sb0 &&
		ip netns exec router "$SIXBED4" bypass del 2001:db8:9:10::11/128 dev sb0 ||
			{ stop_traffic; fail "cycle $i: a change was refused"; return 1; }
	done
	ip netns exec router "$SIXBED4" set dev sb0 port 25790 route none
	stop_traffic
	ip netns exec router "$SIXBED4" -j show dev sb0 | jq -e '.[0] |
		.port == 25790 and .local == "192.0.2.1" and .listening and
		.netid == '"$((CYCLES % 4096))"' and (.routes | length) == 0 and
		(.bypasses | length) == 0' > /dev/null ||
		fail "configuration lost: $(ip netns exec router "$SIXBED4" -j show dev sb0)" ||
		return 1
	serving
}

ktap_print_header
setup_router_topology && pin_static_keys || ktap_exit_fail_msg "topology setup failed"
trap 'stop_traffic; cleanup_all' EXIT
ktap_set_plan 5
run_test "$CYCLES device create/delete cycles under traffic" test_create_delete
run_test "module unloaded and loaded again under traffic" test_rmmod
run_test "creating netns deleted under traffic: the device goes" test_netns_delete
run_test "proxy-ND upstream deleted during a solicitation flood" test_upstream_delete_under_flood
run_test "$CYCLES rounds of changes to every setting under a flood and a TCP stream" test_config_churn
ktap_finished
