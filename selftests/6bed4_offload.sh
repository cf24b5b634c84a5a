#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Offloads. GRO on the router's socket merges a peer's segments only with
# segments from the same outer endpoint: spoofed segments interleaved
# into a valid stream are each checked, and dropped, on their own. TCP
# between two peers crosses the relay as GRO super-packets that leave as
# GSO packets, and arrives intact. The peers' veths send segmented
# packets, as NICs do, so that the router's GRO has something to merge.
# Fraglist GRO (rx-gro-list) on the router's NICs changes nothing of it,
# segments over the MTU never cross the relay, merged or not, and the
# device does not run GRO a second time where the socket did.
#
#   wan:  sit+fou peer A 192.0.2.10:40000 --- router: sb0 --- native: ::2
#         (crafted datagrams from 192.0.2.10:41000 and :41001)
#   wan2: sit+fou peer B 203.0.113.10:40000

source "$(dirname "$0")/lib.sh"

PEER_A=2001:db8:9:10:c000:20a:9c40:1
PEER_B=2001:db8:9:10:c800:710a:9c40:c001
NATIVE=2001:db8:ffff::2
PREFIX=2001:db8:9:10::/64

setup()
{
	setup_router_topology || return 1
	setup_sitfou_peer $PEER_A &&
	setup_sitfou_peer $PEER_B wan2 203.0.113.10 &&
	as_a_nic wan w-eth0 && as_a_nic wan2 w2-eth0 || return 1
	ip netns exec wan2 ping -6 -c 1 -W 5 $PEER_A > /dev/null ||
		fail "peer B cannot reach peer A"
}

# socket_gro: does this kernel let a tunnel socket do GRO (kmod/compat.h)?
# "yes" or "no", as its headers tell Kbuild; "unknown" without them.
socket_gro()
{
	local dir

	dir=/lib/modules/$(uname -r)

	if grep -qs network_offsets "$dir"/{source,build}/include/net/gro.h; then
		echo yes
	elif [ -r "$dir/source/include/net/gro.h" ] ||
	     [ -r "$dir/build/include/net/gro.h" ]; then
		echo no
	else
		echo unknown
	fi
}

test_gro_keeps_spoofed_apart()
{
	local count=16 rx merged got dump

	# Keep merged packets in GRO across polls within a jiffy, so that the
	# datagrams meet there although each arrives on its own.
	ip netns exec router sh -c \
		'echo 200000000 > /sys/class/net/r-wan/gro_flush_timeout' ||
		fail "cannot set gro_flush_timeout" || return 1
	rx=$(router_counter rx_packets) || return 1
	ip netns exec native tcpdump -i n-eth0 -U -s 0 -w /tmp/gro.pcap \
		'ip6 and tcp dst port 5001' 2> /dev/null &
	dump=$!
	sleep 2
	ip netns exec wan "${PYTHON[@]}" "$SELFTEST_DIR/gro_interleave.py" send \
		--from 192.0.2.10:41000 --spoof-port 41001 --router 192.0.2.1:25790 \
		--prefix $PREFIX --dst $NATIVE --count $count ||
		fail "gro_interleave.py failed" || return 1
	sleep 1
	ip netns exec router sh -c 'echo 0 > /sys/class/net/r-wan/gro_flush_timeout'
	kill -INT $dump
	wait $dump
	merged=$((count - ($(router_counter rx_packets) - rx)))
	got=$("${PYTHON[@]}" "$SELFTEST_DIR/gro_interleave.py" count /tmp/gro.pcap) ||
		return 1
	echo "# $count valid segments arrived as $((count - merged)) packets: $got"
	[ "$got" = "{\"valid\": $((count * 200)), \"spoofed\": 0}" ] ||
		fail "the native host got other bytes than the valid segments'" ||
		return 1
	[ "$(router_counter drop_spoofed)" -gt 0 ] ||
		fail "no spoofed datagram counted" || return 1
	case $(socket_gro) in
	yes)
		[ $merged -gt 0 ] ||
			fail "no valid segment was merged: the test proves nothing" ;;
	no)
		[ $merged = 0 ] ||
			fail "$merged segments merged on a kernel without socket GRO" ;;
	*)
		echo "# no kernel headers: whether GRO merged is not checked" ;;
	esac
}

test_relay_a_to_b()
{
	tcp_transfer wan wan2 $PEER_B 5
}

test_relay_b_to_a()
{
	tcp_transfer wan2 wan $PEER_A 5
}

# The same with fraglist GRO on the router's NICs (rx-gro-list), which
# chains TCP segments as they came (6.12) and UDP cuts apart again before
# encap_rcv; a relayed one used to take the rest of the chain along to
# dev_queue_xmit and crash. Chains from the native side are encapsulated
# whole.
test_fraglist()
{
	local dev rc

	as_a_nic native n-eth0 || return 1
	for dev in r-wan r-wan2 r-nat; do
		ip netns exec router ethtool -K $dev gro on rx-gro-list on > /dev/null ||
			fail "cannot turn rx-gro-list on on $dev" || return 1
	done
	tcp_transfer wan wan2 $PEER_B 2 && tcp_transfer wan2 wan $PEER_A 2 &&
	tcp_transfer native wan $PEER_A 2 && tcp_transfer wan native $NATIVE 2
	rc=$?
	for dev in r-wan r-wan2; do
		ip netns exec router ethtool -K $dev rx-gro-list off > /dev/null
	done
	ip netns exec router ethtool -K r-nat rx-gro-list off gro off > /dev/null
	ip netns exec native ethtool -K n-eth0 tso on gso on gro off \
		tx-udp_tnl-segmentation on tx-udp_tnl-csum-segmentation on > /dev/null
	return $rc
}

# With MTU 1300 on both peers, peer A's segments are too big for sb0
# (1280), if only just, which a wrong measure of a merged packet's
# segments would miss: the relay refuses them with a Packet Too Big,
# and peer A's TCP carries on in 1280-byte packets. Nothing larger
# reaches peer B.
test_relay_too_big()
{
	local too_big dump big rc

	too_big=$(router_counter drop_too_big) || return 1
	ip -n wan link set s6 mtu 1300 && ip -n wan2 link set s6 mtu 1300 ||
		return 1
	# The capture must see datagrams as a wire carries them: segmented
	# as they leave the router, not merged again as they arrive. 1281
	# bytes of IPv6 in UDP, IPv4 and Ethernet make 1323 bytes.
	as_a_nic router r-wan2 &&
	ip netns exec wan2 ethtool -K w2-eth0 gro off > /dev/null || return 1
	# Peer A's first window meets in the router's GRO (see above) before
	# any Packet Too Big can shrink it: merged packets are put to the test.
	ip netns exec router sh -c \
		'echo 200000000 > /sys/class/net/r-wan/gro_flush_timeout' || return 1
	rm -f /tmp/big.pcap
	ip netns exec wan2 tcpdump -i w2-eth0 -U -s 64 -w /tmp/big.pcap \
		'udp port 40000 and greater 1323' 2> /dev/null &
	dump=$!
	sleep 2
	if kill -0 $dump 2> /dev/null; then
		tcp_transfer wan wan2 $PEER_B 2
		rc=$?
	else
		fail "tcpdump did not start on w2-eth0"
		rc=1
	fi
	ip -n wan link set s6 mtu 1280 && ip -n wan2 link set s6 mtu 1280
	ip netns exec wan2 ethtool -K w2-eth0 gro on > /dev/null
	ip netns exec router sh -c 'echo 0 > /sys/class/net/r-wan/gro_flush_timeout'
	kill -INT $dump
	wait $dump
	[ $rc = 0 ] || return 1
	[ "$(router_counter drop_too_big)" -gt "$too_big" ] ||
		fail "no packet refused as too big" || return 1
	big=$(tcpdump -r /tmp/big.pcap 2> /dev/null) ||
		fail "no capture of what reached peer B" || return 1
	[ -z "$big" ] ||
		fail "$(wc -l <<< "$big") packets over 1280 bytes reached peer B"
}

# Where the socket does GRO, the device's own (in its GRO cells) is off by
# default, as packets have been through GRO already; ethtool turns it on.
test_device_gro_default()
{
	local want=on

	case $(socket_gro) in
	yes) want=off ;;
	unknown)
		echo "# no kernel headers: whether the socket does GRO is unknown"
		return "$KSFT_SKIP" ;;
	esac
	ip netns exec router ethtool -k sb0 |
		grep -qx "generic-receive-offload: $want" ||
		fail "sb0's GRO is not $want by default" || return 1
	ip netns exec router ethtool -K sb0 gro on &&
	ip netns exec router ethtool -k sb0 | grep -qx 'generic-receive-offload: on' ||
		fail "ethtool cannot turn sb0's GRO on" || return 1
	ip netns exec router ethtool -K sb0 gro $want
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 6
run_test "GRO never merges a spoofed segment into a peer's stream" \
	test_gro_keeps_spoofed_apart
run_test "5 MB TCP peer A -> peer B through the relay arrives intact" \
	test_relay_a_to_b
run_test "5 MB TCP peer B -> peer A through the relay arrives intact" \
	test_relay_b_to_a
run_test "TCP through the relay and the router with fraglist GRO on" \
	test_fraglist
run_test "relayed segments over the MTU get Packet Too Big, none passes" \
	test_relay_too_big
run_test "the device's own GRO is off where the socket does GRO" \
	test_device_gro_default
ktap_finished
