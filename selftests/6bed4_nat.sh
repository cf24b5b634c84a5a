#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A peer behind a NAT: it learns its address from the RA, whose /114 must
# embed the endpoint after NAT, reaches a native host with it, and learns
# a new /114 when its NAT mapping changes.
#
#   home: peer 203.0.113.2 --- nat: masquerade 198.51.100.2 --- router
#                                                 192.0.2.1:25790, sb0 --- native ::2
#
# The NAT box also holds a public peer at 198.51.100.2:41000 (not NATed).

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
NATIVE=2001:db8:ffff::2
TV1=6000000000103aff00000000000000000000000000000000ff02000000000000000000000000000285007aae000000000101000000000001

peer()
{
	peer_cmd home "$1" 25790 "$PREFIX" "${@:2}"
}

setup()
{
	cleanup_all
	setup_ns router native || return 1
	setup_nat_home r-wan random || return 1
	ip -n router link add r-nat type veth peer name n-eth0 netns native || return 1

	ip -n router addr add 192.0.2.1/24 dev r-wan && ip -n router link set r-wan up &&
	ip -n router route add 198.51.100.0/24 dev r-wan &&
	ip -n router addr add 2001:db8:ffff::1/64 dev r-nat nodad &&
	ip -n router link set r-nat up &&
	ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1

	ip -n native addr add $NATIVE/64 dev n-eth0 nodad && ip -n native link set n-eth0 up &&
	ip -n native route add default via 2001:db8:ffff::1 || return 1

	ip -n router link add sb0 type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 prefix $PREFIX &&
	ip -n router link set sb0 up && ip -n router route add $PREFIX dev sb0
}

# The /114 prefix in an RA (hex of the whole IPv6 packet), as an address.
ra_prefix()
{
	local hex=$1

	"${PYTHON[@]}" -c 'import ipaddress, sys
h = bytes.fromhex(sys.argv[1])
assert h[40] == 134 and h[56] == 3 and h[58] == 114 and h[59] == 0xc0
print(ipaddress.IPv6Address(h[72:88]))' "$hex"
}

# The IPv4 address and port an address embeds, as the protocol says.
embedded()
{
	"${PYTHON[@]}" -c 'import ipaddress, sys
a = ipaddress.IPv6Address(sys.argv[1]).packed
v4 = bytes([(a[8] & 0xfc) | (a[14] >> 6)]) + a[9:12]
print("%s:%d" % (ipaddress.IPv4Address(v4), a[12] << 8 | a[13]))' "$1"
}

# The peer's own address in a /114: lanip 1, as the reference peer takes.
lanip1()
{
	"${PYTHON[@]}" -c 'import ipaddress, sys
print(ipaddress.IPv6Address(int(ipaddress.IPv6Address(sys.argv[1])) | 1))' "$1"
}

PREFIX114=""

test_ra_behind_nat()
{
	local out mapped

	out=$(peer 203.0.113.2:40000 raw $TV1) || fail "no RA through the NAT" || return 1
	PREFIX114=$(ra_prefix "$(jq -r .hex <<< "$out")") || fail "not an RA: $out" || return 1
	mapped=$(embedded "$PREFIX114")
	# What the router saw: the NAT's address and the port it chose.
	[[ "$mapped" == 198.51.100.2:* ]] || fail "RA embeds $mapped, not the NAT's address" || return 1
	[ "$mapped" != "198.51.100.2:40000" ] ||
		echo "# (the NAT kept port 40000)"
	echo "# RA prefix $PREFIX114/114 = $mapped"
}

test_ping_through_nat()
{
	local addr out

	[ -n "$PREFIX114" ] || fail "no prefix from the RA" || return 1
	addr=$(lanip1 "$PREFIX114")
	out=$(peer 203.0.113.2:40000 ping $NATIVE --src "$addr") ||
		fail "no echo reply through the NAT" || return 1
	jq -e --arg dst "$addr" '.type == 129 and .dst == $dst and .checksum_ok' \
		<<< "$out" > /dev/null || fail "unexpected: $out"
}

test_rebinding()
{
	local addr out new

	[ -n "$PREFIX114" ] || fail "no prefix from the RA" || return 1
	addr=$(lanip1 "$PREFIX114")
	# Same peer, same old address, new local port: a new NAT mapping.
	out=$(peer 203.0.113.2:40100 ping $NATIVE --src "$addr") ||
		fail "no RA after rebinding" || return 1
	jq -e '.type == 134 and .dst == "ff02::1" and .checksum_ok' <<< "$out" > /dev/null ||
		fail "not an RA to ff02::1: $out" || return 1
	new=$(ra_prefix "$(jq -r .hex <<< "$out")") || return 1
	[ "$new" != "$PREFIX114" ] || fail "RA repeats the old prefix $new" || return 1
	[[ "$(embedded "$new")" == 198.51.100.2:* ]] || fail "new prefix $new"
}

# serve_home ADDR SECONDS: the NATed peer answers as ADDR, in the background.
serve_home()
{
	peer 203.0.113.2:40000 --address "$1" serve --seconds "$2" > /tmp/serve.out &
	SERVER=$!
	for _ in $(seq 100); do
		udp_bound 40000 home && return 0
		sleep 0.1
	done
	fail "NATed peer did not start"
}

test_native_to_nat_peer()
{
	local addr

	addr=$(lanip1 "$PREFIX114")
	serve_home "$addr" 8 || return 1
	ip netns exec native ping -6 -c 2 -i 0.5 -W 3 "$addr" > /tmp/ping.out 2>&1 ||
		fail "native host cannot reach the NATed peer: $(cat /tmp/ping.out)" || return 1
	kill $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	return 0
}

test_relay_to_nat_peer()
{
	local addr out

	addr=$(lanip1 "$PREFIX114")
	serve_home "$addr" 8 || return 1
	# A public peer on the NAT box's own address, port 41000.
	out=$(peer_cmd nat 198.51.100.2:41000 25790 $PREFIX ping "$addr") ||
		fail "no reply from the NATed peer" || return 1
	kill $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	jq -e --arg src "$addr" '.type == 129 and .src == $src and .hlim == 63 and
		.from == "192.0.2.1:25790"' <<< "$out" > /dev/null || fail "unexpected: $out"
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 5
run_test "RS through NAT: RA's /114 embeds the NAT's address and port" test_ra_behind_nat
run_test "peer behind NAT pings a native host with its RA address" test_ping_through_nat
run_test "native host pings the NATed peer through the NAT" test_native_to_nat_peer
run_test "public peer -> NATed peer, relayed by the router" test_relay_to_nat_peer
run_test "NAT rebinding: RA to ff02::1 with the new /114" test_rebinding
ktap_finished
