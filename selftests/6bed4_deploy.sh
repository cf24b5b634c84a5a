#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The deployment of Documentation/networking/6bed4.rst, end to end: a
# provider treats 2001:db8:9:10::/64 as on-link towards the router VM and
# solicits every address in it; the VM gives the /64 to its 6bed4 device,
# keeps servers on port-0 addresses (bypass ranges) and answers the
# provider's solicitations with proxy ND on eth0.
#
#   internet --- provider (/64 on-link) --- eth0 [router VM] sb0 ~~~ peers
#   2001:db8:ffff::2      fe80::1          ::11/128 on eth0      wan: 192.0.2.10
#                                          ::30/112 on dummy0    home -> nat
#
# Bypass ranges: ::11/128 and ::/112 (the /112 of ::30).
#
# The namespace "router" is the VM.

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
INTERNET=2001:db8:ffff::2
SERVER11=2001:db8:9:10::11
SERVER30=2001:db8:9:10::30
# The /112 that holds ::30 (bypass ranges, like routes, have no host bits).
RANGE30=2001:db8:9:10::/112
# A port-0 address outside both ranges.
UNUSED0=2001:db8:9:10:0:1:0:99
PEER_A_BIND=192.0.2.10:40000
PEER_B_BIND=203.0.113.2:40001

# The 6bed4 address of IPv4:PORT with lanip 1, from the test peer's code.
address_of()
{
	"${PYTHON[@]}" -c 'import sys
sys.path.insert(0, sys.argv[1])
from sixbed4_peer import sixbed4_address
print(sixbed4_address(sys.argv[2], sys.argv[3], int(sys.argv[4])))' \
		"$SELFTEST_DIR" "$PREFIX" "$1" "$2"
}

PEER_A=$(address_of 192.0.2.10 40000)
# Behind the NAT, which keeps the source port: 198.51.100.2:40001.
PEER_B=$(address_of 198.51.100.2 40001)

peer_a()
{
	peer_cmd wan "$PEER_A_BIND" 25790 "$PREFIX" "$@"
}

peer_b()
{
	peer_cmd home "$PEER_B_BIND" 25790 "$PREFIX" --address "$PEER_B" "$@"
}

stop_server()
{
	kill "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
}

# probe TARGET ARGS...: the provider solicits TARGET on its link to the VM.
probe()
{
	ip netns exec provider "${PYTHON[@]}" "$SELFTEST_DIR/ns_probe.py" \
		p-vm "$@"
}

setup_vm()
{
	ip -n router link add sb0 type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 \
		prefix $PREFIX &&
	ip -n router link set sb0 up &&
	ip -n router route add $PREFIX via fe80::6bed:4 dev sb0 &&
	ip netns exec router "$SIXBED4" bypass add $SERVER11/128 $RANGE30 \
		dev sb0 &&
	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd eth0
}

setup()
{
	cleanup_all
	setup_ns internet provider router wan || return 1

	ip -n provider link add p-inet type veth peer name i-eth0 netns internet &&
	ip -n provider link add p-vm type veth peer name eth0 netns router || return 1
	ip -n internet addr add $INTERNET/64 dev i-eth0 nodad &&
	ip -n internet link set i-eth0 up &&
	ip -n internet route add default via 2001:db8:ffff::1 || return 1
	ip -n provider addr add 2001:db8:ffff::1/64 dev p-inet nodad &&
	ip -n provider addr add fe80::1/64 dev p-vm nodad &&
	ip -n provider link set p-inet up && ip -n provider link set p-vm up &&
	ip -n provider route add $PREFIX dev p-vm &&
	ip netns exec provider sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1

	# The VM: no /64 on eth0, servers on ::11 (eth0) and ::30/112 (dummy0).
	ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=1 &&
	ip netns exec router sysctl -qw net.ipv6.conf.default.accept_dad=0 &&
	ip -n router link set eth0 up &&
	ip -n router addr add $SERVER11/128 dev eth0 nodad &&
	ip -n router link add dummy0 type dummy &&
	ip -n router addr add $SERVER30/112 dev dummy0 nodad &&
	ip -n router link set dummy0 up &&
	ip -n router route add default via fe80::1 dev eth0 || return 1

	# Peers: one on the wan, one behind a NAT that keeps source ports.
	ip -n router link add r-wan type veth peer name w-eth0 netns wan &&
	ip -n router addr add 192.0.2.1/24 dev r-wan && ip -n router link set r-wan up &&
	ip -n wan addr add 192.0.2.10/24 dev w-eth0 && ip -n wan link set w-eth0 up &&
	setup_nat_home r-nat &&
	ip -n router addr add 198.51.100.1/24 dev r-nat && ip -n router link set r-nat up ||
		return 1

	setup_vm
}

# internet_ping DST: one ping from the internet host, forgetting the
# provider's neighbour entries first so that it must solicit again.
internet_ping()
{
	ip -n provider -6 neigh flush dev p-vm
	ip netns exec internet ping -6 -c 1 -W 3 "$1" > /tmp/ping.out 2>&1
}

test_peer_reached_through_proxy_nd()
{
	local answered

	peer_serve wan "$PEER_A_BIND" $PREFIX 20 || return 1
	internet_ping "$PEER_A" ||
		fail "internet host cannot ping peer A: $(cat /tmp/ping.out)" || return 1
	answered=$(router_counter proxy_ns_answered)
	[ "$answered" -ge 1 ] || fail "no solicitation answered" || return 1

	# Without proxy ND nobody answers the provider: the ping fails.
	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd off || return 1
	internet_ping "$PEER_A" && { fail "ping worked with proxy-nd off"; return 1; }
	[ "$(router_counter proxy_ns_answered)" = "$answered" ] ||
		fail "answered while off" || return 1

	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd eth0 &&
	internet_ping "$PEER_A" ||
		fail "ping failed after proxy-nd on again: $(cat /tmp/ping.out)"
}

test_peer_behind_nat()
{
	local out

	# The NAT learns the mapping from the peer's first packet.
	out=$(peer_b ping $SERVER30) || fail "peer B: no answer from ::30" || return 1
	jq -e '.type == 129' <<< "$out" > /dev/null || fail "peer B got $out" || return 1
	peer_serve home "$PEER_B_BIND" $PREFIX 10 --address "$PEER_B" || return 1
	internet_ping "$PEER_B" ||
		fail "internet host cannot ping peer B: $(cat /tmp/ping.out)"
}

test_servers_reached()
{
	internet_ping $SERVER11 ||
		fail "internet host cannot ping ::11: $(cat /tmp/ping.out)" || return 1
	internet_ping $SERVER30 ||
		fail "internet host cannot ping ::30: $(cat /tmp/ping.out)"
}

test_bypass_through_tunnel()
{
	local out before

	out=$(peer_a ping $SERVER30) || fail "no answer from ::30" || return 1
	jq -e ".type == 129 and .src == \"$SERVER30\" and .checksum_ok" \
		<<< "$out" > /dev/null || fail "peer A got $out" || return 1
	out=$(peer_a ping $SERVER11) || fail "no answer from ::11" || return 1
	jq -e '.type == 129' <<< "$out" > /dev/null || fail "peer A got $out" || return 1

	# A port-0 address outside every bypass range stays unreachable.
	before=$(router_counter drop_port0)
	out=$(peer_a ping $UNUSED0) || fail "no error for $UNUSED0" || return 1
	jq -e '.type == 1 and .code == 3' <<< "$out" > /dev/null ||
		fail "ping $UNUSED0 got $out" || return 1
	[ "$(router_counter drop_port0)" = $((before + 1)) ] || fail "drop_port0 not counted"
}

test_advertisement_fields()
{
	local out mac ll

	mac=$(ip netns exec router cat /sys/class/net/eth0/address)
	ll=$(ip -n router -j -6 addr show dev eth0 |
		jq -r '.[0].addr_info[] | select(.scope == "link") | .local')
	out=$(probe "$PEER_A" --src fe80::1) || fail "no NA for peer A" || return 1
	jq -e ".src == \"$ll\" and .dst == \"fe80::1\" and .hlim == 255 and
	       .code == 0 and .checksum_ok and .router and .solicited and
	       (.override | not) and .tlla == \"$mac\" and .eth_src == \"$mac\" and
	       .eth_dst == \"$(ip netns exec provider cat /sys/class/net/p-vm/address)\"" \
		<<< "$out" > /dev/null || fail "NA for peer A: $out" || return 1

	out=$(probe $SERVER30 --src fe80::1) || fail "no NA for ::30" || return 1
	jq -e '.solicited and .router' <<< "$out" > /dev/null ||
		fail "NA for ::30: $out" || return 1

	# Duplicate address detection: answered to all-nodes, not solicited.
	out=$(probe "$PEER_A") || fail "no NA to a DAD probe" || return 1
	jq -e '.dst == "ff02::1" and .eth_dst == "33:33:00:00:00:01" and
	       (.solicited | not) and .checksum_ok' <<< "$out" > /dev/null ||
		fail "NA to DAD probe: $out"
}

# no_answer WHY TARGET ARGS...: the provider's solicitation gets no answer
# (and the probe itself did not fail).
no_answer()
{
	local out rc

	out=$(probe "${@:2}" --wait 1)
	rc=$?
	[ $rc != 0 ] || { fail "$1: answered: $out"; return 1; }
	[ $rc = 3 ] || fail "$1: the probe failed, exit $rc"
}

test_unserved_and_invalid()
{
	local before

	before=$(router_counter proxy_ns_ignored)
	no_answer "unused port-0 address" $UNUSED0 --src fe80::1 &&
	no_answer "hop limit 254" "$PEER_A" --src fe80::1 --hlim 254 &&
	no_answer "bad checksum" "$PEER_A" --src fe80::1 --bad-checksum &&
	no_answer "outside the prefix" 2001:db8:9:11::1:2 --src fe80::1 &&
	no_answer "frame for another host" "$PEER_A" --src fe80::1 \
		--eth-dst 02:00:00:00:00:99 &&
	no_answer "from the broadcast MAC" "$PEER_A" --src fe80::1 \
		--eth-src ff:ff:ff:ff:ff:ff &&
	no_answer "from a multicast MAC" "$PEER_A" --src fe80::1 \
		--eth-src 01:00:5e:00:00:01 || return 1
	[ "$(router_counter proxy_ns_ignored)" = $((before + 5)) ] ||
		fail "proxy_ns_ignored: $before -> $(router_counter proxy_ns_ignored), expected +5"
}

# 400 solicitations within a second: 200 answers (the limit per second),
# 200 rate-limited.
test_rate_limit()
{
	local out answered limited

	sleep 1.1
	answered=$(router_counter proxy_ns_answered)
	limited=$(router_counter proxy_na_ratelimited)
	out=$(probe "$PEER_A" --src fe80::1 --count 400 --wait 2) ||
		fail "no answer to 400 solicitations" || return 1
	echo "# $out"
	jq -e '.send_seconds < 0.9' <<< "$out" > /dev/null ||
		fail "sending took too long to tell: $out" || return 1
	[ "$(jq .advertisements <<< "$out")" = 200 ] ||
		fail "$(jq .advertisements <<< "$out") answers to 400" || return 1
	[ "$(router_counter proxy_ns_answered)" = $((answered + 200)) ] &&
	[ "$(router_counter proxy_na_ratelimited)" = $((limited + 200)) ] ||
		fail "answered $answered -> $(router_counter proxy_ns_answered), limited $limited -> $(router_counter proxy_na_ratelimited)"
}

# allmulti: is eth0 receiving all multicast?
allmulti()
{
	ip -n router -d -j link show eth0 | jq -e '.[0].allmulti > 0' > /dev/null
}

test_teardown()
{
	no_answer_peer() { no_answer "$1" "$PEER_A" --src fe80::1; }

	probe "$PEER_A" --src fe80::1 > /dev/null && allmulti ||
		fail "proxy ND not working at the start" || return 1
	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd off &&
	no_answer_peer "proxy-nd off" || return 1
	allmulti && { fail "eth0 still allmulti after proxy-nd off"; return 1; }

	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd eth0 &&
	ip -n router link del sb0 && no_answer_peer "device deleted" || return 1
	allmulti && { fail "eth0 still allmulti after deleting sb0"; return 1; }

	setup_vm || return 1
	rmmod 6bed4 || fail "rmmod 6bed4 failed" || return 1
	no_answer_peer "module unloaded" || return 1
	allmulti && { fail "eth0 still allmulti after unloading the module"; return 1; }

	setup_vm || return 1
	ip -n router link del eth0 || return 1
	[ "$(ip netns exec router "$SIXBED4" -j show dev sb0 | jq -r '.[0].proxy_nd')" = off ] ||
		fail "proxy-nd still on after eth0 went away" || return 1
	# A new eth0 is not served behind the admin's back.
	ip -n provider link add p-vm type veth peer name eth0 netns router &&
	ip -n provider link set p-vm up && ip -n router link set eth0 up &&
	ip -n provider addr add fe80::1/64 dev p-vm nodad || return 1
	no_answer_peer "new eth0"
}

# proxy_nd_of NS: the proxy-nd setting of NS's sb0, as the tool shows it.
proxy_nd_of()
{
	ip netns exec "$1" "$SIXBED4" -j show dev sb0 | jq -r '.[0].proxy_nd'
}

test_proxy_nd_lifecycle()
{
	local ignored

	setup || return 1
	probe "$PEER_A" --src fe80::1 > /dev/null || fail "not answering at the start" ||
		return 1
	# A VLAN on top would have its own neighbours: tagged frames are not
	# ours, not even to count.
	ignored=$(router_counter proxy_ns_ignored)
	no_answer "VLAN-tagged" "$PEER_A" --src fe80::1 --vlan 5 || return 1
	[ "$(router_counter proxy_ns_ignored)" = "$ignored" ] ||
		fail "a VLAN-tagged solicitation was counted" || return 1
	# Down: nothing to serve; up: served again.
	ip -n router link set sb0 down && no_answer "device down" "$PEER_A" --src fe80::1 ||
		return 1
	ip -n router link set sb0 up && ip -n router route replace $PREFIX dev sb0 &&
	probe "$PEER_A" --src fe80::1 > /dev/null || fail "not answering after up" || return 1

	# The device moved to another netns: its proxy stays behind, off.
	setup_ns elsewhere || return 1
	ip -n router link set sb0 netns elsewhere &&
	no_answer "device moved away" "$PEER_A" --src fe80::1 || return 1
	allmulti && { fail "eth0 allmulti after sb0 moved away"; return 1; }
	[ "$(proxy_nd_of elsewhere)" = off ] || fail "proxy-nd on after the move" || return 1
	ip -n elsewhere link del sb0

	# The upstream moved away, then back: off, and not taken up again.
	setup_vm && probe "$PEER_A" --src fe80::1 > /dev/null || return 1
	ip -n router link set eth0 netns elsewhere || return 1
	[ "$(proxy_nd_of router)" = off ] || fail "proxy-nd on after eth0 moved away" ||
		return 1
	ip -n elsewhere link set eth0 netns router && ip -n router link set eth0 up &&
	no_answer "upstream back" "$PEER_A" --src fe80::1 || return 1

	# The netns deleted with proxy ND on: everything goes, the module
	# can be unloaded (a leaked reference would hold eth0 and the
	# runner's dmesg check would see "waiting for eth0").
	ip netns exec router "$SIXBED4" set dev sb0 proxy-nd eth0 &&
	probe "$PEER_A" --src fe80::1 > /dev/null || return 1
	ip netns del router || return 1
	for _ in $(seq 100); do
		modprobe -r 6bed4 2>/dev/null && return 0
		sleep 0.1
	done
	fail "cannot unload the module after its netns went"
}

ktap_print_header
ktap_set_plan 9
setup || ktap_exit_fail_msg "setup failed"
run_test "internet host <-> peer only while proxy ND answers" test_peer_reached_through_proxy_nd
stop_server
run_test "internet host <-> peer behind NAT; NAT peer reaches ::30" test_peer_behind_nat
stop_server
run_test "internet host reaches the servers on ::11 and ::30" test_servers_reached
run_test "peer reaches bypass ranges through the stack; other port 0 unreachable" test_bypass_through_tunnel
run_test "NA: link-layer address, flags, addresses; DAD to all-nodes" test_advertisement_fields
run_test "no answer: unused port 0, bad hop limit or checksum, other prefix or host, group MAC" test_unserved_and_invalid
run_test "NA rate limit per upstream interface" test_rate_limit
run_test "proxy-nd off, device deleted, module unloaded, eth0 deleted: silence" test_teardown
run_test "proxy ND: VLAN frames, device down, device or eth0 moved, netns deleted" test_proxy_nd_lifecycle
ktap_finished
