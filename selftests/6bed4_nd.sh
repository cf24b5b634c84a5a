#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Router and Neighbor Discovery through the tunnel, against the test
# vectors of the protocol document (section 15): router 192.0.2.1:25790
# with prefix 2001:db8:9:10::/64, peer seen at 198.51.100.7:40000.

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
PEER=2001:db8:9:10:c433:6407:9c40:8001

# TV1, the reference peer's Router Solicitation, and TV2, the answer.
TV1=6000000000103aff00000000000000000000000000000000ff02000000000000000000000000000285007aae000000000101000000000001
TV2=6000000000303afffe800000000000000000000000000000ff020000000000000000000000000001860093e50018ffffffffffffffffffff030472c0ffffffffffffffff0000000020010db800090010c43364079c408000
# TV3: the Neighbor Advertisement for the router's global address.
TV3_NA=6000000000203afffe80000000000000000000000000000020010db800090010c43364079c40800188006fdac000000020010db800090010c000020164be00000201be64c0000201
# TV4: an echo request from the peer; TV9b: the RA after its NAT mapping
# moved to port 40002.
TV4=6000000000103a4020010db800090010c43364079c40800120010db8ffff00000000000000000001800089c7123400013662656434747374
TV9B=6000000000303afffe800000000000000000000000000000ff020000000000000000000000000001860093e30018ffffffffffffffffffff030472c0ffffffffffffffff0000000020010db800090010c43364079c428000
# TV7: TV2 with routed prefixes 2001:db8:aaaa::/48 and 2001:db8:bbbb:cc00::/56.
TV7=6000000000703afffe800000000000000000000000000000ff020000000000000000000000000001860097c30018ffffffffffffffffffff030472c0ffffffffffffffff0000000020010db800090010c43364079c40800003043000ffffffffffffffff0000000020010db8aaaa0000000000000000000003043800ffffffffffffffff0000000020010db8bbbbcc000000000000000000

peer()
{
	# One RA per source per 250 ms: keep the tests apart.
	sleep 0.3
	peer_cmd wan "$1" 25790 "$PREFIX" --wait 1 "${@:2}"
}

setup()
{
	cleanup_all
	setup_ns router wan || return 1
	ip -n router link add r-wan type veth peer name w-eth0 netns wan || return 1
	ip -n router addr add 192.0.2.1/24 dev r-wan &&
	ip -n router addr add 198.51.100.1/24 dev r-wan &&
	ip -n router link set r-wan up &&
	ip -n wan addr add 198.51.100.7/24 dev w-eth0 &&
	ip -n wan link set w-eth0 up &&
	ip -n wan route add 192.0.2.1/32 dev w-eth0 || return 1
	ip -n router link add sb0 type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 prefix $PREFIX &&
	ip -n router link set sb0 up
}

# answer EXPECTED-HEX CMD...: the peer command gets exactly this packet back
# from the router's endpoint.
answer()
{
	local want=$1 out

	shift
	out=$("$@") || fail "no answer to $*" || return 1
	jq -e --arg hex "$want" '.from == "192.0.2.1:25790" and .hex == $hex' \
		<<< "$out" > /dev/null || fail "got $(jq -r .hex <<< "$out"), expected $want"
}

# no_answer CMD...: no answer, and the invalid-ND counter counts it.
no_answer()
{
	local before out

	before=$(router_counter drop_invalid_nd)
	out=$("$@") && { fail "unexpected answer: $out"; return 1; }
	[ "$(router_counter drop_invalid_nd)" = $((before + 1)) ] ||
		fail "drop_invalid_nd did not count: $*"
}

test_rs_tv2()
{
	answer "$TV2" peer 198.51.100.7:40000 raw "$TV1" &&
	# Without the option it gets the same answer.
	answer "$TV2" peer 198.51.100.7:40000 icmp :: ff02::2 8500000000000000
}

test_rs_invalid()
{
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 8500000000000000 --hlim 64 &&
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 8500000000000000 --bad-checksum &&
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 8501000000000000 &&
	# An option of length 0, and one running past the end.
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 85000000000000000100000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 85000000000000000102000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp :: ff02::2 850000000000
}

test_ra_routes_tv7()
{
	ip netns exec router "$SIXBED4" set dev sb0 \
		route 2001:db8:aaaa::/48 route 2001:db8:bbbb:cc00::/56 || return 1
	answer "$TV7" peer 198.51.100.7:40000 raw "$TV1"
	local rc=$?
	ip netns exec router "$SIXBED4" set dev sb0 route none
	return $rc
}

test_ns()
{
	local out

	# For the global address: TV3's answer to the byte.
	answer "$TV3_NA" peer 198.51.100.7:40000 icmp $PEER ff02::1:ff00:0 \
		870000000000000020010db800090010c000020164be00000101409cc6336407 || return 1
	# For fe80:: the target is echoed (RFC 4861), unlike the reference.
	out=$(peer 198.51.100.7:40000 icmp $PEER ff02::1:ff00:0 \
		8700000000000000fe8000000000000000000000000000000101409cc6336407) ||
		fail "no NA for fe80::" || return 1
	jq -e --arg dst $PEER '.type == 136 and .checksum_ok and .src == "fe80::" and
		.dst == $dst and .hlim == 255 and
		.icmp[8:] == "c0000000fe8000000000000000000000000000000201be64c0000201"' \
		<<< "$out" > /dev/null || fail "NA for fe80::: $out" || return 1
	# Also for the link-local form of the router's identifier, and from
	# the peer's link-local form of its own.
	peer 198.51.100.7:40000 icmp fe80::c433:6407:9c40:8001 ff02::1:ff00:0 \
		8700000000000000fe80000000000000c000020164be0000 > /dev/null ||
		fail "no NA for fe80::c000:201:64be:0" || return 1
	no_answer peer 198.51.100.7:40000 icmp $PEER ff02::1:ff00:0 \
		870000000000000020010db8000900100000000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp :: ff02::1:ff00:0 \
		8700000000000000fe800000000000000000000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp 2001:db8:9:10:c433:6407:9c42:8001 ff02::1:ff00:0 \
		8700000000000000fe800000000000000000000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp $PEER ff02::1:ff00:0 \
		8700000000000000ff020000000000000000000000000001
}

test_other_nd()
{
	# Advertisements and redirects from peers are never valid.
	no_answer peer 198.51.100.7:40000 icmp $PEER ff02::1 \
		86000000000000000000000000000000 &&
	no_answer peer 198.51.100.7:40000 icmp $PEER fe80:: \
		8800000000000000fe800000000000000000000000000001 &&
	no_answer peer 198.51.100.7:40000 icmp $PEER fe80:: \
		8900000000000000fe800000000000000000000000000001fe800000000000000000000000000002
}

test_stale_mapping()
{
	local before out

	# The peer still uses its address for port 40000 from port 40002.
	answer "$TV9B" peer 198.51.100.7:40002 raw "$TV4" || return 1
	# Three at once: one answer, two rate-limited.
	before=$(router_counter ra_ratelimited)
	out=$(peer 198.51.100.7:40002 --count 3 raw "$TV4") || fail "no answer at all" || return 1
	[ "$(jq length <<< "$out")" = 1 ] || fail "$(jq length <<< "$out") answers to 3" || return 1
	[ "$(router_counter ra_ratelimited)" = $((before + 2)) ] ||
		fail "ra_ratelimited went from $before to $(router_counter ra_ratelimited)"
}

# An RS behind a Hop-by-Hop header: never valid Neighbor Discovery.
test_behind_extension_header()
{
	local hex

	hex=$("${PYTHON[@]}" -c 'import ipaddress, struct, sys
sys.path.insert(0, sys.argv[1])
from sixbed4_peer import checksum
src, dst = ipaddress.IPv6Address("::").packed, ipaddress.IPv6Address("ff02::2").packed
rs = bytearray(struct.pack("!BBHI", 133, 0, 0, 0))
pseudo = src + dst + struct.pack("!I", len(rs)) + b"\0\0\0\x3a"
rs[2:4] = struct.pack("!H", checksum(pseudo + bytes(rs)))
hbh = bytes([58, 0, 1, 4, 0, 0, 0, 0])
print((struct.pack("!IHBB", 6 << 28, len(hbh) + len(rs), 0, 255) + src + dst +
       hbh + rs).hex())' "$SELFTEST_DIR") || return 1
	no_answer peer 198.51.100.7:40000 raw "$hex"
}

# Every solicitation above answered or refused, counted exactly.
test_counters()
{
	local stats

	stats=$(ip netns exec router "$SIXBED4" -j show dev sb0 | jq -c '.[0].stats') ||
		return 1
	jq -e '.ra_sent == 5 and .ra_ratelimited == 2 and .na_sent == 3 and
	       .na_ratelimited == 0 and .drop_invalid_nd == 14' <<< "$stats" > /dev/null ||
		fail "counters: $stats"
}

# 600 sources at once (one raw socket forging the source ports), spread
# by the keyed hash over the 256 reply slots, of which they take some 230:
# 200 RAs in the second, the rest rate-limited.
test_ra_total_limit()
{
	local took sent limited

	sleep 1.1
	sent=$(router_counter ra_sent) && limited=$(router_counter ra_ratelimited) ||
		return 1
	took=$(ip netns exec wan "${PYTHON[@]}" -c 'import socket, sys, time
rs = bytes.fromhex(sys.argv[1])
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
raw.bind(("198.51.100.7", 0))
start = time.time()
for port in range(41000, 41600):
    udp = port.to_bytes(2, "big") + (25790).to_bytes(2, "big")
    raw.sendto(udp + (8 + len(rs)).to_bytes(2, "big") + bytes(2) + rs,
               ("192.0.2.1", 0))
print("%.3f" % (time.time() - start))' "$TV1") || return 1
	sleep 0.5
	sent=$(($(router_counter ra_sent) - sent))
	limited=$(($(router_counter ra_ratelimited) - limited))
	echo "# 600 solicitations in $took s: $sent answered, $limited rate-limited"
	# Slower than a second, they would span two of the limit's windows.
	[[ $took == 0.* ]] || fail "sending took $took s: the test cannot tell" ||
		return 1
	[ $sent = 200 ] && [ $limited = 400 ] ||
		fail "expected 200 answered and 400 rate-limited"
}

# The reply slots are keyed: sources chosen to share a peer's slot under
# the unkeyed hash_32(addr ^ port) (raw network-order values) do not
# keep it busy. Each of 4 peers solicits just after such a source; each
# would still be refused by chance with probability 1/256, so 3 of 4 must
# be answered (all 4 are refused with an unkeyed hash).
test_ra_slots_keyed()
{
	local got

	sleep 1.1
	got=$(ip netns exec wan "${PYTHON[@]}" -c 'import select, socket, sys
addr = int.from_bytes(socket.inet_aton("198.51.100.7"), "little")
def slot(port):
    key = addr ^ int.from_bytes(port.to_bytes(2, "big"), "little")
    return ((key * 0x61C88647) & 0xffffffff) >> 24
rs = bytes.fromhex(sys.argv[1])
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
raw.bind(("198.51.100.7", 0))
got = 0
for victim in (43000, 44000, 45000, 46000):
    forged = next(p for p in range(50000, 65536) if slot(p) == slot(victim))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("198.51.100.7", victim))
    udp = forged.to_bytes(2, "big") + (25790).to_bytes(2, "big")
    raw.sendto(udp + (8 + len(rs)).to_bytes(2, "big") + bytes(2) + rs,
               ("192.0.2.1", 0))
    s.sendto(rs, ("192.0.2.1", 25790))
    if select.select([s], [], [], 1)[0]:
        got += 1
print(got)' "$TV1") || return 1
	echo "# $got of 4 peers answered just after a source sharing their unkeyed slot"
	[ "$got" -ge 3 ] || fail "only $got of 4 peers answered"
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 10
run_test "TV1 RS -> TV2 RA, byte for byte; RS without option too" test_rs_tv2
run_test "invalid RS (hop limit, checksum, code, options, length): no answer" test_rs_invalid
run_test "RA with routed prefixes: TV7, byte for byte" test_ra_routes_tv7
run_test "NS for the router's addresses -> NA (TV3); others: nothing" test_ns
run_test "RA, NA and Redirect from peers dropped" test_other_nd
run_test "stale NAT mapping -> RA to ff02::1 (TV9b), rate-limited" test_stale_mapping
run_test "RS behind an extension header: dropped" test_behind_extension_header
run_test "RA and NA counters: exactly what was asked" test_counters
run_test "600 sources at once: 200 RAs a second in all" test_ra_total_limit
run_test "reply slots keyed: sources sharing an unkeyed slot both answered" test_ra_slots_keyed
ktap_finished
