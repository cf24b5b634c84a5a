#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Changing a live router's port and prefix while traffic flows: no splat
# (the runner checks dmesg), no lost socket, and traffic follows the new
# configuration at once. (setup_router_topology in lib.sh)

source "$(dirname "$0")/lib.sh"

NATIVE=2001:db8:ffff::2
PEER_A=2001:db8:9:10:c000:20a:9c40:1

test_churn_under_load()
{
	local flood i

	# Peer A answers; the native host floods it while the router's
	# configuration keeps changing.
	peer_cmd wan 192.0.2.10:40000 25790 2001:db8:9:10::/64 serve --seconds 12 \
		> /dev/null &
	ip netns exec native ping -6 -q -i 0.01 -w 10 $PEER_A > /dev/null 2>&1 &
	flood=$!
	for i in $(seq 1 20); do
		ip netns exec router "$SIXBED4" set dev sb0 port $((25790 + i % 2)) \
			prefix "2001:db8:9:$((10 + i % 2))::/64" ||
			fail "set $i failed" || return 1
	done
	wait $flood
	wait
	ip netns exec router "$SIXBED4" set dev sb0 port 25790 prefix 2001:db8:9:10::/64 &&
	ip netns exec router "$SIXBED4" -j show dev sb0 | jq -e '.[0].listening' > /dev/null ||
		fail "router not listening after the churn" || return 1
	# And serving: traffic flows both ways.
	peer_serve wan 192.0.2.10:40000 2001:db8:9:10::/64 6 || return 1
	ip netns exec native ping -6 -c 1 -W 3 $PEER_A > /tmp/ping.out 2>&1 ||
		fail "native host cannot reach peer A after the churn" || return 1
	kill "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
	peer_cmd wan 192.0.2.10:40000 25790 2001:db8:9:10::/64 ping $NATIVE > /dev/null ||
		fail "peer A cannot reach the native host after the churn"
}

# A port change replaces the socket in one step: a flood towards a peer
# never finds the device without one.
test_port_change_no_gap()
{
	local before i

	before=$(router_counter drop_no_route)
	ip netns exec native ping -6 -q -i 0.005 -w 6 $PEER_A > /dev/null 2>&1 &
	local flood=$!
	sleep 0.5
	for i in $(seq 1 20); do
		ip netns exec router "$SIXBED4" set dev sb0 port $((25790 + i % 2)) ||
			fail "set $i failed" || return 1
	done
	wait $flood
	[ "$(router_counter drop_no_route)" = "$before" ] ||
		fail "$(($(router_counter drop_no_route) - before)) packets found no socket"
}

test_follows_port()
{
	local out

	ip netns exec router "$SIXBED4" set dev sb0 port 25791 || return 1
	# The old port is closed, the new one answers.
	udp_bound 25790 router && { fail "25790 still bound"; return 1; }
	out=$(peer_cmd wan 192.0.2.10:40000 25791 2001:db8:9:10::/64 ping $NATIVE) ||
		fail "no answer on the new port" || return 1
	jq -e '.type == 129 and .from == "192.0.2.1:25791"' <<< "$out" > /dev/null ||
		fail "unexpected: $out"
}

test_follows_prefix()
{
	local out before

	ip -n router route add 2001:db8:9:11::/64 dev sb0 &&
	ip netns exec router "$SIXBED4" set dev sb0 port 25791 prefix 2001:db8:9:11::/64 ||
		return 1
	# Peers of the new prefix get through; the old prefix is foreign now.
	out=$(peer_cmd wan 192.0.2.10:40000 25791 2001:db8:9:11::/64 ping $NATIVE) ||
		fail "no answer with the new prefix" || return 1
	jq -e '.type == 129 and .dst == "2001:db8:9:11:c000:20a:9c40:1"' <<< "$out" \
		> /dev/null || fail "unexpected: $out" || return 1
	before=$(router_counter drop_spoofed)
	peer_cmd wan 192.0.2.10:40000 25791 2001:db8:9:10::/64 --wait 1 ping $NATIVE \
		> /dev/null && { fail "old prefix still accepted"; return 1; }
	[ "$(router_counter drop_spoofed)" = $((before + 1)) ] || fail "old prefix not counted"
}

ktap_print_header
setup_router_topology || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 4
run_test "20 port and prefix changes under a ping flood: still serving" test_churn_under_load
run_test "20 port changes under a flood: no packet without a socket" test_port_change_no_gap
run_test "new port: old socket closed, traffic on the new one" test_follows_port
run_test "new prefix: its peers get through, the old prefix is foreign" test_follows_prefix
ktap_finished
