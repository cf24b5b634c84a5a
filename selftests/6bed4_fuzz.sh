#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fuzzers, bounded in count and seeded (the seed is printed; set
# SIXBED4_FUZZ_SEED to replay a run): hostile datagrams to the router's
# socket, malformed generic netlink requests with and without privilege,
# and a flood of malformed solicitations on the proxy-ND upstream. After
# each, the router still serves, and every datagram is accounted for once.
# make check runs a small smoke of each; make check-debug more on a KASAN,
# lockdep and kmemleak kernel. The counts:
#
#   SIXBED4_FUZZ_DATAGRAMS (5000)  SIXBED4_FUZZ_GENL (600)
#   SIXBED4_FUZZ_NS (300)
#
#   wan: fuzzer --- router: sb0 192.0.2.1:25790 --- native ::2
#   provider: NS flood --- up0 (proxy-nd)

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
NATIVE=2001:db8:ffff::2
SEED=${SIXBED4_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
DATAGRAMS=${SIXBED4_FUZZ_DATAGRAMS:-5000}
GENL=${SIXBED4_FUZZ_GENL:-600}
NS=${SIXBED4_FUZZ_NS:-300}

setup()
{
	setup_router_topology || return 1
	setup_ns provider || return 1
	ip -n router link add up0 type veth peer name p-up netns provider &&
	ip -n router link set up0 up && ip -n provider link set p-up up &&
	ip -n provider addr add fe80::1/64 dev p-up nodad &&
	ip netns exec router sysctl -qw net.ipv6.conf.up0.accept_dad=0 &&
	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd up0
}

# serving: a fresh peer reaches the native host through the router.
serving()
{
	peer_cmd wan 192.0.2.11:40020 25790 $PREFIX ping $NATIVE > /tmp/fresh.out ||
		fail "a fresh peer gets no answer: $(cat /tmp/fresh.out)" || return 1
	jq -e '.type == 129' /tmp/fresh.out > /dev/null || fail "fresh peer got $(cat /tmp/fresh.out)"
}

# udp_in NS: datagrams NS's UDP handed to sockets (encap ones included).
udp_in()
{
	ip netns exec "$1" nstat -asz UdpInDatagrams | awk '$1 == "UdpInDatagrams" { print $2 }'
}

# taken: what the router's sb0 counted for the datagrams it took in.
taken()
{
	ip netns exec router "$SIXBED4" -j show dev sb0 |
		jq '.[0].stats | .rx_keepalive + .rx_solicit + .rx_packets + .rx_dropped'
}

test_datagrams()
{
	local in0 taken0 sent reached accounted

	in0=$(udp_in router) && taken0=$(taken) || return 1
	sent=$(ip netns exec wan "$SELFTEST_DIR/fuzz_datagrams" "$DATAGRAMS" "$SEED" \
		192.0.2.1 25790 2001:db8:9:10:: 192.0.2.0) || fail "the fuzzer failed" || return 1
	sleep 1
	reached=$(($(udp_in router) - in0))
	accounted=$(($(taken) - taken0))
	echo "# datagrams: $sent sent, $reached reached the socket, $accounted accounted for"
	ip netns exec router "$SIXBED4" -j show dev sb0 |
		jq -c '.[0].stats | with_entries(select(.value > 0))' | sed 's/^/# /'
	[ "$accounted" = "$reached" ] ||
		fail "$reached datagrams reached the socket, $accounted were counted" || return 1
	# Only the ones claiming the router's own address as source are lost
	# on the way (martians), about 1 in 250.
	[ $((reached * 100)) -ge $((sent * 98)) ] ||
		fail "only $reached of $sent datagrams reached the socket" || return 1
	serving
}

# fingerprint: the router's configuration, without counters.
fingerprint()
{
	ip netns exec router "$SIXBED4" -j show dev sb0 | jq -cS '.[0] | del(.stats)'
}

test_genl()
{
	local out before

	before=$(fingerprint) || return 1
	ip link add sbfz type 6bed4 &&
	"$SIXBED4" set dev sbfz local 0.0.0.0 port 26000 prefix 2001:db8:9:30::/64 &&
	ip link set sbfz up || return 1
	out=$("$SELFTEST_DIR/fuzz_genl" "$GENL" "$SEED" sbfz) ||
		fail "privileged: $out" || return 1
	echo "# privileged: $out"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SELFTEST_DIR/fuzz_genl" $((GENL / 2)) $((SEED + 1)) sbfz --unprivileged) ||
		fail "unprivileged: $out" || return 1
	echo "# unprivileged: $out"
	ip link del sbfz || fail "sbfz cannot be deleted" || return 1
	# The router in its own netns heard none of it.
	[ "$(fingerprint)" = "$before" ] || fail "the router's configuration changed" ||
		return 1
	serving
}

test_ns_flood()
{
	local out

	out=$(ip netns exec provider "${PYTHON[@]}" "$SELFTEST_DIR/ns_probe.py" \
		--fuzz "$SEED" --count "$NS" --wait 1 p-up 2001:db8:9:10::1)
	echo "# $NS fuzzed solicitations: $out"
	jq -e '.advertisements >= 0' <<< "$out" > /dev/null || fail "the flood failed" ||
		return 1
	# Still answering a valid one, once the rate limit has passed.
	sleep 1.1
	ip netns exec provider "${PYTHON[@]}" "$SELFTEST_DIR/ns_probe.py" \
		--src fe80::1 p-up 2001:db8:9:10:c000:20a:9c40:1 > /dev/null ||
		fail "no answer to a valid solicitation after the flood" || return 1
	serving
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
echo "# seed $SEED (SIXBED4_FUZZ_SEED=$SEED to replay)"
ktap_set_plan 3
run_test "$DATAGRAMS hostile datagrams: each accounted for, still serving" test_datagrams
run_test "$GENL malformed netlink requests (+ half unprivileged): nothing changed" test_genl
run_test "$NS malformed solicitations on the upstream: still answering" test_ns_flood
ktap_finished
