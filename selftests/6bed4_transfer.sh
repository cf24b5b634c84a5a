#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bulk TCP through the router at kernel speed: a peer built from Linux's
# own sit + fou (IPv6 in UDP with a fixed source port is exactly a 6bed4
# peer) moves 20 MB to and from a native host; the data must arrive
# intact. The senders leave inner TCP checksums to offload
# (CHECKSUM_PARTIAL); the router's own veths do no offload, so that every
# checksum is complete on the wire and the receivers verify it (a veth
# would otherwise hand the partial checksum on, trusted).
#
#   wan: sit+fou peer 192.0.2.10:40000 --- router: sb0 --- native: ::2
#   (setup_router_topology in lib.sh)

source "$(dirname "$0")/lib.sh"

PEER=2001:db8:9:10:c000:20a:9c40:1
NATIVE=2001:db8:ffff::2
SIZE_MB=20

setup()
{
	setup_router_topology || return 1
	setup_sitfou_peer $PEER || return 1
	ip netns exec router ethtool -K r-wan tx off > /dev/null &&
	ip netns exec router ethtool -K r-nat tx off > /dev/null || return 1
	ip netns exec wan ping -6 -c 1 -W 5 $NATIVE > /dev/null ||
		fail "sit+fou peer cannot reach the native host"
}

test_peer_to_native()
{
	tcp_transfer wan native $NATIVE $SIZE_MB
}

test_native_to_peer()
{
	tcp_transfer native wan $PEER $SIZE_MB
}

# csum_errors NS: checksum errors NS's TCP and UDP have counted.
csum_errors()
{
	ip netns exec "$1" nstat -asz TcpInCsumErrors UdpInCsumErrors Udp6InCsumErrors |
		awk '$1 ~ /InCsumErrors/ { n += $2 } END { print n + 0 }'
}

test_counters()
{
	local json

	json=$(ip netns exec router "$SIXBED4" -j show dev sb0) || return 1
	jq -e --argjson mb $SIZE_MB '.[0].stats | .rx_bytes > $mb * 1000000 and
		.tx_bytes > $mb * 1000000 and .drop_spoofed == 0 and
		.drop_truncated == 0' <<< "$json" > /dev/null ||
		fail "counters: $(jq -c '.[0].stats' <<< "$json")" || return 1
	[ "$(csum_errors native)" = 0 ] && [ "$(csum_errors wan)" = 0 ] ||
		fail "checksum errors: native $(csum_errors native), peer $(csum_errors wan)"
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 3
run_test "${SIZE_MB} MB TCP peer -> native host arrives intact" test_peer_to_native
run_test "${SIZE_MB} MB TCP native host -> peer arrives intact" test_native_to_peer
run_test "byte counters account for the transfers; no checksum errors" test_counters
ktap_finished
