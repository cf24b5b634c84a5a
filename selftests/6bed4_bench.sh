#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The same traffic through three routers in one topology: plain IPv6
# forwarding (the floor), Linux's own sit + fou terminating the peer's
# tunnel (the kernel's tunnel, the anchor) and the 6bed4 device. Peers are
# sit + fou, so only the router changes between the columns.
#
# In make check (the smoke) few packets go each way and every path must
# deliver all of them. make bench (selftests/vm/bench.sh) sets
# SIXBED4_BENCH to a file for the labels of its measurements and boots the
# VM with the insncount plugin, which prints the guest's instruction count
# at the two marks bench_traffic makes around each measurement.
#
#   plain: 2001:db8:a::10 -- r-plain --.
#   wan:   peer A (sit+fou) -- r-wan --+-- router: sb0 | s6r (sit+fou)
#          192.0.2.10:40000            |            --- r-nat --- native: ::2
#   wan2:  peer B (sit+fou) -- r-wan2 -'
#          203.0.113.10:40000
# Hosts send as a NIC would deliver: segmented (no TSO on their veths);
# every veth does GRO, as NICs do.

source "$(dirname "$0")/lib.sh"

PEER_A=2001:db8:9:10:c000:20a:9c40:1
PEER_B=2001:db8:9:10:c800:710a:9c40:c001
NATIVE=2001:db8:ffff::2
PLAIN=2001:db8:a::10
# Many destinations: the 6bed4 addresses of 198.18.0.0/15 (RFC 2544's
# benchmarking range) at port 40000, and as many native ones.
SPREAD_6BED4=2001:db8:9:10:c412:0:9c40:8001
SPREAD_PLAIN=2001:db8:b::c412:0:9c40:8001
BENCH_TRAFFIC=$SELFTEST_DIR/bench_traffic

LABELS=${SIXBED4_BENCH:-}
if [ -n "$LABELS" ]; then
	UDP_COUNT=20000 TCP_BYTES=$((20 << 20)) SPREAD=100000 REPEAT=2
	: > "$LABELS"
else
	UDP_COUNT=200 TCP_BYTES=$((1 << 20)) SPREAD=1000 REPEAT=1
fi
UDP_SIZE=64

# sink NS: drop the traffic for port 9 and the many-destinations range
# where it arrives, counting it.
sink()
{
	ip netns exec "$1" nft -f - <<-NFT
		table inet sink {
			counter delivered { }
			chain pre {
				type filter hook prerouting priority raw;
				meta nfproto ipv6 udp dport 9 counter name delivered drop
				ip daddr 198.18.0.0/15 counter name delivered drop
			}
		}
	NFT
}

delivered()
{
	ip netns exec "$1" nft list counter inet sink delivered |
		sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

setup()
{
	setup_router_topology || return 1
	setup_ns plain || return 1
	ip -n router link add r-plain type veth peer name p-eth0 netns plain &&
	ip -n router addr add 2001:db8:a::1/64 dev r-plain nodad &&
	ip -n router link set r-plain up &&
	ip -n plain addr add $PLAIN/64 dev p-eth0 nodad &&
	ip -n plain link set p-eth0 up &&
	ip -n plain route add default via 2001:db8:a::1 &&
	ip -n router route add 2001:db8:b::/64 via $PLAIN || return 1

	setup_sitfou_peer $PEER_A &&
	setup_sitfou_peer $PEER_B wan2 203.0.113.10 &&
	ip -n router route add 198.18.0.0/15 via 192.0.2.10 || return 1

	as_a_nic wan w-eth0 && as_a_nic wan2 w2-eth0 &&
	as_a_nic native n-eth0 && as_a_nic plain p-eth0 || return 1
	for dev in r-wan r-wan2 r-nat r-plain; do
		ip netns exec router ethtool -K $dev gro on > /dev/null || return 1
	done
	for ns in native wan wan2 plain; do
		sink $ns || return 1
	done
	ip netns exec wan ping -6 -c 1 -W 5 $NATIVE > /dev/null &&
	ip netns exec wan2 ping -6 -c 1 -W 5 $PEER_A > /dev/null &&
	ip netns exec plain ping -6 -c 1 -W 5 $NATIVE > /dev/null ||
		fail "the peers cannot reach the native host and each other" ||
		return 1
	for ns in router native wan wan2 plain; do
		pin_neighbours $ns || return 1
	done
}

# pin_neighbours NS: make the neighbour entries the pings made permanent.
# Unconfirmed by forwarded traffic, they would turn stale and be probed
# again during a measurement, which then counts the slower resolving
# output path in some runs and not in others.
pin_neighbours()
{
	local addr dev lladdr

	ip -n "$1" neigh show nud reachable nud stale nud delay nud probe |
	while read -r addr _ dev _ lladdr _; do
		ip -n "$1" neigh replace "$addr" dev "$dev" lladdr "$lladdr" \
			nud permanent || exit 1
	done
}

# 6bed4 or sit+fou terminates the peers' tunnels at the router.
use_6bed4()
{
	ip -n router link del s6r 2>/dev/null
	ip netns exec router ip fou del port 25790 2>/dev/null
	ip -n router link set sb0 up &&
	ip -n router route replace 2001:db8:9:10::/64 dev sb0
}

use_sitfou()
{
	ip -n router link set sb0 down &&
	ip netns exec router ip fou add port 25790 ipproto 41 &&
	ip -n router link add s6r type sit remote 192.0.2.10 local 192.0.2.1 \
		encap fou encap-sport 25790 encap-dport 40000 &&
	ip -n router link set s6r up mtu 1280 &&
	ip -n router route add $PEER_A/128 dev s6r
}

# udp ROUTER CASE FROM TO ADDR [COUNT [SPREAD]]: COUNT (default UDP_COUNT)
# datagrams from netns FROM to ADDR, or to SPREAD addresses from ADDR on,
# all of which must reach the sink in netns TO; REPEAT times.
udp()
{
	local router=$1 case=$2 from=$3 to=$4 addr=$5 count=${6:-$UDP_COUNT}
	local spread=${7:-1} rep got

	for rep in $(seq $REPEAT); do
		ip netns exec "$to" nft reset counter inet sink delivered > /dev/null &&
		"$BENCH_TRAFFIC" udp "$from" "$addr" 9 "$count" $UDP_SIZE "$spread" \
			> /dev/null || fail "$router $case: bench_traffic failed" || return 1
		[ -z "$LABELS" ] || echo "$case $router $rep $count packet" >> "$LABELS"
		got=$(delivered "$to")
		[ "$got" = "$count" ] ||
			fail "$router $case: $got of $count datagrams arrived" || return 1
	done
}

# alone ROUTER DIR FROM ADDR IN OUT: the router alone. The datagrams of
# udp() from netns FROM to ADDR are cut off as they enter the router (the
# ingress hook of its device IN), then as they leave it (the egress hook
# of OUT); the difference is what the router spends on a packet, without
# the hosts' stacks and tunnels, which are most of a whole path's cost.
alone()
{
	local router=$1 dir=$2 from=$3 addr=$4 at rep got

	for at in "ingress $5" "egress $6"; do
		# shellcheck disable=SC2086 # "HOOK DEVICE"
		set -- $at
		ip netns exec router nft -f - <<-NFT || return 1
			table netdev cut {
				counter seen { }
				chain $1 {
					type filter hook $1 device "$2" priority -500;
					udp dport { 9, 25790, 40000 } counter name seen drop
				}
			}
		NFT
		for rep in $(seq $REPEAT); do
			ip netns exec router nft reset counter netdev cut seen > /dev/null &&
			"$BENCH_TRAFFIC" udp "$from" "$addr" 9 $UDP_COUNT $UDP_SIZE \
				> /dev/null || fail "$router $dir at $1: bench_traffic failed" ||
				return 1
			[ -z "$LABELS" ] ||
				echo "router-$dir-$1 $router $rep $UDP_COUNT packet" >> "$LABELS"
			got=$(ip netns exec router nft list counter netdev cut seen |
				sed -n 's/.*packets \([0-9]*\).*/\1/p')
			[ "$got" = "$UDP_COUNT" ] ||
				fail "$router $dir: $got of $UDP_COUNT datagrams reached the $1 of $2" ||
				return 1
		done
		ip netns exec router nft delete table netdev cut || return 1
	done
}

# tcp ROUTER CASE FROM TO ADDR: TCP_BYTES over TCP; REPEAT times.
tcp()
{
	local router=$1 case=$2 rep

	for rep in $(seq $REPEAT); do
		"$BENCH_TRAFFIC" tcp "$3" "$4" "$5" 5201 $TCP_BYTES > /dev/null ||
			fail "$router $case: the TCP transfer failed" || return 1
		[ -z "$LABELS" ] ||
			echo "$case $router $rep $((TCP_BYTES / 1024)) KB" >> "$LABELS"
	done
}

test_plain()
{
	udp plain udp-peer-to-native plain native $NATIVE &&
	udp plain udp-native-to-peer native plain $PLAIN &&
	tcp plain tcp-peer-to-native plain native $NATIVE &&
	tcp plain tcp-native-to-peer native plain $PLAIN &&
	udp plain udp-native-to-1 native plain $SPREAD_PLAIN $SPREAD &&
	udp plain udp-native-to-many native plain $SPREAD_PLAIN $SPREAD $SPREAD &&
	alone plain peer-to-native plain $NATIVE r-plain r-nat &&
	alone plain native-to-peer native $PLAIN r-nat r-plain
}

test_sitfou()
{
	use_sitfou || return 1
	udp sit+fou udp-peer-to-native wan native $NATIVE &&
	udp sit+fou udp-native-to-peer native wan $PEER_A &&
	tcp sit+fou tcp-peer-to-native wan native $NATIVE &&
	tcp sit+fou tcp-native-to-peer native wan $PEER_A &&
	alone sit+fou peer-to-native wan $NATIVE r-wan r-nat &&
	alone sit+fou native-to-peer native $PEER_A r-nat r-wan
}

test_6bed4()
{
	use_6bed4 || return 1
	udp 6bed4 udp-peer-to-native wan native $NATIVE &&
	udp 6bed4 udp-native-to-peer native wan $PEER_A &&
	udp 6bed4 udp-peer-to-peer wan wan2 $PEER_B &&
	tcp 6bed4 tcp-peer-to-native wan native $NATIVE &&
	tcp 6bed4 tcp-native-to-peer native wan $PEER_A &&
	alone 6bed4 peer-to-native wan $NATIVE r-wan r-nat &&
	alone 6bed4 native-to-peer native $PEER_A r-nat r-wan &&
	udp 6bed4 udp-native-to-many-onlink native wan $SPREAD_6BED4 $SPREAD $SPREAD &&
	# The prefix through a gateway (any link-local address that is not
	# ours: the device ignores it), so that IPv6 keeps one neighbour entry
	# for it instead of one per destination.
	ip -n router route replace 2001:db8:9:10::/64 via fe80::6bed:4 dev sb0 &&
	udp 6bed4 udp-native-to-1 native wan $SPREAD_6BED4 $SPREAD &&
	udp 6bed4 udp-native-to-many native wan $SPREAD_6BED4 $SPREAD $SPREAD
}

ktap_print_header
if ! setup; then
	ktap_set_plan 1
	ktap_test_fail "setup"
	ktap_finished
fi
ktap_set_plan 3
run_test "plain IPv6 forwarding delivers every packet" test_plain
run_test "sit+fou at the router delivers every packet" test_sitfou
run_test "6bed4 at the router delivers every packet" test_6bed4
ktap_finished
