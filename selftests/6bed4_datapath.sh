#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The datapath against an independent test peer (sixbed4_peer.py):
#
#   wan: peers 192.0.2.10, .11 --- router: sb0 (6bed4) --- native: ::2
#        (UDP sockets)             192.0.2.1:25790          2001:db8:ffff::/64
#                                  prefix 2001:db8:9:10::/64
#
# Peer A is 192.0.2.10:40000, so 2001:db8:9:10:c000:20a:9c40:1; peer B is
# 192.0.2.11:40002, so 2001:db8:9:10:c000:20b:9c42:1.

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
A=2001:db8:9:10:c000:20a:9c40:1
B=2001:db8:9:10:c000:20b:9c42:1
# Peer C, 203.0.113.10:40004, on another router link.
C=2001:db8:9:10:c800:710a:9c44:c001
NATIVE=2001:db8:ffff::2

peer()
{
	peer_cmd wan "$1" 25790 "$PREFIX" "${@:2}"
}

# serve BIND SECONDS [NS]: a peer answering echo requests in the background.
serve()
{
	peer_serve "${3:-wan}" "$1" "$PREFIX" "$2"
}


# expect_count COUNTER DELTA CMD...: CMD makes COUNTER grow by DELTA.
expect_count()
{
	local name=$1 delta=$2 before after

	shift 2
	before=$(router_counter "$name")
	"$@" > /dev/null
	after=$(router_counter "$name")
	[ $((after - before)) = "$delta" ] ||
		fail "$name went from $before to $after, expected +$delta"
}

test_peer_to_native()
{
	local out

	out=$(peer 192.0.2.10:40000 ping $NATIVE) || fail "no answer to ping" || return 1
	jq -e --arg src $NATIVE --arg dst $A \
		'.type == 129 and .src == $src and .dst == $dst and .checksum_ok and
		 .from == "192.0.2.1:25790" and .hlim == 63' <<< "$out" > /dev/null ||
		fail "unexpected reply: $out"
}

test_native_to_peer()
{
	serve 192.0.2.10:40000 8 || return 1
	ip netns exec native ping -6 -c 2 -i 0.5 -W 3 $A > /tmp/ping.out 2>&1 ||
		fail "native host cannot ping the peer: $(cat /tmp/ping.out)" || return 1
	kill $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	return 0
}

test_spoofed()
{
	# The right endpoint in the wrong address: port, IPv4, prefix.
	expect_count drop_spoofed 1 peer 192.0.2.10:40000 --wait 1 ping $NATIVE \
		--src 2001:db8:9:10:c000:20a:9c42:1 &&
	expect_count drop_spoofed 1 peer 192.0.2.10:40000 --wait 1 ping $NATIVE \
		--src 2001:db8:9:10:c000:20b:9c40:1 &&
	expect_count drop_spoofed 1 peer 192.0.2.10:40000 --wait 1 ping $NATIVE \
		--src 2001:db8:1::1 &&
	expect_count drop_spoofed 1 peer 192.0.2.10:40000 --wait 1 ping $NATIVE \
		--src fe80::c000:20a:9c40:1
}

# native_unreachable DST TEXT COUNTER: ping from the native host fails with
# ICMPv6 TEXT, and COUNTER counts it.
native_unreachable()
{
	local before

	before=$(router_counter "$3")
	ip netns exec native ping -6 -c 1 -W 2 "$1" > /tmp/ping.out 2>&1 &&
		{ fail "ping $1 succeeded"; return 1; }
	grep -q "$2" /tmp/ping.out || fail "ping $1: $(cat /tmp/ping.out)" || return 1
	[ "$(router_counter "$3")" = $((before + 1)) ] || fail "$3 did not count ping $1"
}

# addr V4:PORT: the 6bed4 address of an endpoint, lanip 1.
addr()
{
	peer 0.0.0.0:0 address "$1"
}

test_unreachable()
{
	local v4

	# Routed to the device but outside its prefix.
	ip -n router route add 2001:db8:9:20::/64 dev sb0 || return 1
	native_unreachable 2001:db8:9:20::1 "No route" drop_not_prefix &&
	native_unreachable 2001:db8:9:10::1 "Address unreachable" drop_port0 &&
	native_unreachable 2001:db8:9:10:7c00:1:c001:cabc "Administratively prohibited" \
		drop_bad_endpoint &&
	native_unreachable 2001:db8:9:10:c000:201:64be:1 "Administratively prohibited" \
		drop_bad_endpoint || return 1
	# This network, multicast, 240/4 and the limited broadcast address.
	for v4 in 0.1.2.3 224.1.2.3 239.255.255.250 240.0.0.1 255.255.255.255; do
		native_unreachable "$(addr $v4:40000)" "Administratively prohibited" \
			drop_bad_endpoint || return 1
	done
}

# Transmit drops that the stack's packets can cause, each counted.
test_tx_drops()
{
	local before

	# No IPv4 route to the endpoint the address names.
	native_unreachable "$(addr 10.99.0.1:40000)" "No route" drop_no_route || return 1
	# IPv4 routed to the device: not for it (yet).
	ip -n router route add 10.98.0.0/24 dev sb0 || return 1
	before=$(router_counter drop_not_ipv6)
	ip netns exec router ping -c 1 -W 1 10.98.0.1 > /dev/null 2>&1
	ip -n router route del 10.98.0.0/24 dev sb0
	[ "$(router_counter drop_not_ipv6)" = $((before + 1)) ] ||
		fail "drop_not_ipv6 went from $before to $(router_counter drop_not_ipv6)"
}

# peer_unreachable DST CODE COUNTER: peer A's packet to DST comes back as
# ICMPv6 Destination Unreachable with CODE, counted in COUNTER.
peer_unreachable()
{
	local before out

	before=$(router_counter "$3")
	out=$(peer 192.0.2.10:40000 ping "$1") || fail "no error for $1" || return 1
	jq -e --argjson code "$2" --arg dst $A '.type == 1 and .code == $code and
		.dst == $dst and .checksum_ok' <<< "$out" > /dev/null ||
		fail "ping $1: $out" || return 1
	[ "$(router_counter "$3")" = $((before + 1)) ] || fail "$3 did not count ping $1"
}

test_peer_unreachable()
{
	# Relayed towards 127.0.0.1:49153, and to a port-0 address.
	peer_unreachable 2001:db8:9:10:7c00:1:c001:cabc 1 drop_bad_endpoint &&
	peer_unreachable 2001:db8:9:10::1 3 drop_port0
}

test_relay()
{
	local out

	serve 192.0.2.11:40002 6 || return 1
	out=$(peer 192.0.2.10:40000 ping $B) || fail "no reply from peer B" || return 1
	wait $SERVER
	jq -e --arg src $B '.type == 129 and .src == $src and .from == "192.0.2.1:25790"' \
		<<< "$out" > /dev/null || fail "unexpected reply: $out" || return 1
	# B got A's request with the hop limit decremented once.
	jq -e --arg src $A '.seen[0] | .type == 128 and .src == $src and .hlim == 63' \
		/tmp/serve.out > /dev/null || fail "B saw: $(cat /tmp/serve.out)"
}

# Packets to peers on different links, one after the other: a route
# cached for one peer must never carry another's.
test_relay_across_links()
{
	local i out

	serve 203.0.113.10:40004 30 wan2 || return 1
	for i in 1 2 3; do
		out=$(peer 192.0.2.10:40000 ping $C) ||
			fail "round $i: no reply from peer C" || return 1
		jq -e --arg src $C '.type == 129 and .src == $src' <<< "$out" > /dev/null ||
			fail "round $i: unexpected: $out" || return 1
		ip netns exec native ping -6 -c 1 -W 3 $C > /dev/null ||
			fail "round $i: native host cannot reach C" || return 1
	done
	kill $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	return 0
}

test_relay_hop_limit()
{
	local out

	out=$(peer 192.0.2.10:40000 ping $B --hlim 1) || fail "no Time Exceeded" || return 1
	jq -e '.type == 3 and .code == 0 and .checksum_ok' <<< "$out" > /dev/null ||
		fail "unexpected: $out" || return 1
	expect_count drop_hop_limit 1 peer 192.0.2.10:40000 ping $B --hlim 1
}

test_relay_too_big()
{
	local out before

	before=$(router_counter drop_too_big)
	out=$(peer 192.0.2.10:40000 ping $B --size 1300) || fail "no Packet Too Big" || return 1
	jq -e '.type == 2 and .code == 0 and .checksum_ok and
	       (.icmp[8:16] == "00000500")' <<< "$out" > /dev/null ||
		fail "unexpected: $out" || return 1
	[ "$(router_counter drop_too_big)" = $((before + 1)) ] ||
		fail "drop_too_big went from $before to $(router_counter drop_too_big)"
}

test_malformed()
{
	local hdr=6000000000083a40 src dst

	src=$(printf '%s' 20010db800090010c000020a9c400001)
	dst=$(printf '%s' 20010db8ffff00000000000000000002)
	# A datagram shorter than an IPv6 header is a keepalive, empty ones too.
	expect_count rx_keepalive 1 peer 192.0.2.10:40000 --wait 0.5 raw "" &&
	expect_count rx_keepalive 1 peer 192.0.2.10:40000 --wait 0.5 raw "6000000000083a40" &&
	# Version 4 in the first nibble.
	expect_count drop_bad_version 1 peer 192.0.2.10:40000 --wait 0.5 raw \
		"4000000000083a40${src}${dst}8000000000000000" &&
	# Payload length longer, then shorter, than what came.
	expect_count drop_truncated 1 peer 192.0.2.10:40000 --wait 0.5 raw \
		"6000000000103a40${src}${dst}8000000000000000" &&
	expect_count drop_truncated 1 peer 192.0.2.10:40000 --wait 0.5 raw \
		"${hdr}${src}${dst}80000000000000000000" &&
	expect_count drop_multicast 1 peer 192.0.2.10:40000 --wait 0.5 raw \
		"$hdr${src}ff0e00000000000000000000000000018000000000000000"
}

ktap_print_header
# The router's global 6bed4 address: 192.0.2.1:25790, lanip 0.
ROUTER=2001:db8:9:10:c000:201:64be:0

test_router_addresses()
{
	local out before dst

	ip -n router -j -6 addr show dev sb0 | jq -e \
		'.[0].addr_info[] | select(.local == "fe80::" and .prefixlen == 64)' \
		> /dev/null || fail "sb0 has no fe80::" || return 1
	for dst in $ROUTER fe80:: fe80::c000:201:64be:0; do
		before=$(router_counter echo_replied)
		out=$(peer 192.0.2.10:40000 ping $dst --size 100) ||
			fail "no answer from $dst" || return 1
		jq -e ".type == 129 and .src == \"$dst\" and .dst == \"$A\" and
		       .checksum_ok and .len == 148" <<< "$out" > /dev/null ||
			fail "ping $dst got $out" || return 1
		[ "$(router_counter echo_replied)" = $((before + 1)) ] ||
			fail "echo_replied not counted for $dst" || return 1
	done
	# The stack removes link-local addresses on down; up brings fe80:: back.
	ip -n router link set sb0 down && ip -n router link set sb0 up &&
	ip -n router route replace $PREFIX dev sb0 || return 1
	ip -n router -j -6 addr show dev sb0 | jq -e \
		'.[0].addr_info[] | select(.local == "fe80::")' > /dev/null ||
		fail "fe80:: not back after down and up"
}

# The device moved to another netns, where its IPv6 side lives now: the
# socket stays in the creating netns, traffic crosses between the two.
test_moved_device()
{
	local out

	setup_ns inner || return 1
	ip -n router link set sb0 netns inner &&
	ip -n inner link set sb0 up && ip -n inner route add $PREFIX dev sb0 &&
	ip -n inner link add dummy0 type dummy && ip -n inner link set dummy0 up &&
	ip -n inner addr add 2001:db8:eeee::1/64 dev dummy0 nodad || return 1
	udp_bound 25790 router || fail "the socket left the creating netns" || return 1
	# Decapsulated into inner, answered by its stack, encapsulated back.
	out=$(peer 192.0.2.10:40000 ping 2001:db8:eeee::1) ||
		fail "no answer from the moved device's netns" || return 1
	jq -e --arg dst $A '.type == 129 and .src == "2001:db8:eeee::1" and
		.dst == $dst and .checksum_ok and .from == "192.0.2.1:25790"' \
		<<< "$out" > /dev/null || fail "unexpected: $out"
}

setup_router_topology || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 13
run_test "peer -> native host: echo reply from the router endpoint" test_peer_to_native
run_test "native host -> peer: ping6 works" test_native_to_peer
run_test "spoofed inner sources dropped and counted" test_spoofed
run_test "unreachable destinations: ICMPv6 errors, counted" test_unreachable
run_test "peer to a forbidden endpoint or port 0: ICMPv6 errors, counted" test_peer_unreachable
run_test "peer -> peer relay, hop limit decremented once" test_relay
run_test "peers on different router links, alternately: each reached" test_relay_across_links
run_test "relay with hop limit 1: Time Exceeded" test_relay_hop_limit
run_test "relay of an oversize packet: Packet Too Big, MTU 1280" test_relay_too_big
run_test "malformed datagrams dropped and counted" test_malformed
run_test "peer pings the router's own addresses; fe80:: on the device" test_router_addresses
run_test "transmit drops: no IPv4 route, IPv4 routed to the device" test_tx_drops
run_test "device moved to another netns: traffic crosses, socket stays" test_moved_device
ktap_finished
