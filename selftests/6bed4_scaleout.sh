#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scale out: two routers configured alike (the same anycast local address,
# port and prefix) behind ECMP routes, and no state shared between them.
# Peers land on either router and reach the native host and each other,
# a peer may go up through one router and come back through the other,
# and when a router fails its peers carry on through the other one with
# the same addresses and no reconfiguration.
#
#   p1..p5: sit+fou peers 203.0.113.11-15:40000 --.
#   home 198.51.100.130:40000 -- nat (SNAT to       +- br0 inet: ECMP for
#          203.0.113.100:41000) -------------------'  192.0.2.1/32 over
#                                                      r1 and r2 (L4 hash)
#   r1: 192.0.2.1 (lo), sb0 --- n-r1 -.
#   r2: 192.0.2.1 (lo), sb0 --- n-r2 -+- native 2001:db8:a::10 (lo): ECMP
#                                       for 2001:db8:9:10::/64 over r1, r2
# A router fails as a machine does: its links lose carrier, and the
# neighbours' ECMP routes skip it (ignore_routes_with_linkdown) as a
# routing daemon would withdraw it.

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
NATIVE=2001:db8:a::10
PEERS=(p1 p2 p3 p4 p5 home)
declare -A ADDR ROUTER
# Pings one peer sends while its router fails, 0.1 s apart.
FAILOVER_PINGS=40

sixbed4_addr()
{
	"${PYTHON[@]}" "$SELFTEST_DIR/sixbed4_peer.py" --router 192.0.2.1:25790 \
		--prefix $PREFIX address "$1"
}

# Router N's links up, with their addresses and routes: at setup, and as
# its boot configuration would after a failure (a link going down takes
# IPv6 addresses and routes through it away).
router_links_up()
{
	local n=$1 r=r$1

	ip -n $r addr replace 198.51.100.$((4 * n - 2))/30 dev $r-i &&
	ip -n $r link set $r-i up &&
	ip -n $r route replace default via 198.51.100.$((4 * n - 3)) &&
	ip -n $r addr replace 2001:db8:ffff:$n::1/64 dev $r-n nodad &&
	ip -n $r link set $r-n up &&
	ip -n $r route replace 2001:db8:a::/64 via 2001:db8:ffff:$n::2
}

# Configure one router netns: N is 1 or 2.
setup_router()
{
	local n=$1 r=r$1

	ip -n $r link add $r-i type veth peer name i-$r netns inet &&
	ip -n $r link add $r-n type veth peer name n-$r netns native || return 1
	ip -n $r addr add 192.0.2.1/32 dev lo &&
	router_links_up $n &&
	ip netns exec $r sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	ip -n inet addr add 198.51.100.$((4 * n - 3))/30 dev i-$r &&
	ip -n inet link set i-$r up &&
	ip -n native addr add 2001:db8:ffff:$n::2/64 dev n-$r nodad &&
	ip -n native link set n-$r up || return 1
	ip -n $r link add sb0 type 6bed4 &&
	ip netns exec $r "$SIXBED4" set dev sb0 local 192.0.2.1 prefix $PREFIX &&
	ip -n $r link set sb0 up &&
	ip -n $r route add $PREFIX via fe80::6bed:4 dev sb0
}

# A sit+fou peer P in its own netns on inet's br0, from LOCAL:40000.
setup_peer()
{
	local p=$1 local=$2

	ip -n inet link add i-$p type veth peer name eth0 netns $p &&
	ip -n inet link set i-$p master br0 up &&
	ip -n $p addr add "$local"/24 dev eth0 &&
	ip -n $p link set eth0 up &&
	ip -n $p route add default via 203.0.113.1 || return 1
	ADDR[$p]=$(sixbed4_addr "$local:40000") &&
	setup_sitfou_peer "${ADDR[$p]}" $p "$local"
}

setup()
{
	local ns i

	cleanup_all
	setup_ns inet r1 r2 native "${PEERS[@]}" nat || return 1
	for ns in inet native; do
		ip netns exec $ns sysctl -qw \
			net.ipv4.conf.all.ignore_routes_with_linkdown=1 \
			net.ipv6.conf.all.ignore_routes_with_linkdown=1 \
			net.ipv6.conf.default.ignore_routes_with_linkdown=1 \
			net.ipv4.fib_multipath_hash_policy=1 \
			net.ipv6.fib_multipath_hash_policy=1 || return 1
	done
	ip -n inet link add br0 type bridge &&
	ip -n inet addr add 203.0.113.1/24 dev br0 &&
	ip -n inet link set br0 up &&
	ip netns exec inet sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip -n native addr add $NATIVE/128 dev lo || return 1
	setup_router 1 && setup_router 2 || return 1
	ip -n inet route add 192.0.2.1/32 \
		nexthop via 198.51.100.2 dev i-r1 nexthop via 198.51.100.6 dev i-r2 &&
	ip -n native route add $PREFIX \
		nexthop via 2001:db8:ffff:1::1 dev n-r1 \
		nexthop via 2001:db8:ffff:2::1 dev n-r2 || return 1
	for i in 1 2 3 4 5; do
		setup_peer p$i 203.0.113.$((10 + i)) || return 1
	done

	# The NAT box maps home's 198.51.100.130:40000 to 203.0.113.100:41000.
	ip -n inet link add i-nat type veth peer name n-pub netns nat &&
	ip -n inet link set i-nat master br0 up &&
	ip -n nat link add n-home type veth peer name eth0 netns home || return 1
	ip -n nat addr add 203.0.113.100/24 dev n-pub && ip -n nat link set n-pub up &&
	ip -n nat route add default via 203.0.113.1 &&
	ip -n nat addr add 198.51.100.129/25 dev n-home && ip -n nat link set n-home up &&
	ip netns exec nat sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip netns exec nat nft -f - <<-NFT || return 1
		table ip nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "n-pub" ip saddr 198.51.100.128/25 \
					udp sport 40000 snat to 203.0.113.100:41000
			}
		}
	NFT
	ip -n home addr add 198.51.100.130/25 dev eth0 && ip -n home link set eth0 up &&
	ip -n home route add default via 198.51.100.129 || return 1
	ADDR[home]=$(sixbed4_addr 203.0.113.100:41000) &&
	setup_sitfou_peer "${ADDR[home]}" home 198.51.100.130
}

# rx: the datagrams router R's sb0 took in.
rx()
{
	router_counter rx_packets "$1"
}

# reach FROM-NS DST [COUNT]: COUNT (default 3) pings get answered.
reach()
{
	ip netns exec "$1" ping -6 -c "${3:-3}" -i 0.2 -W 5 "$2" > /dev/null ||
		fail "$1 cannot reach $2"
}

test_every_peer_reaches_native()
{
	local p before1 before2 on1=0 on2=0

	for p in "${PEERS[@]}"; do
		before1=$(rx r1) && before2=$(rx r2) || return 1
		reach $p $NATIVE || return 1
		if [ "$(rx r1)" -gt "$before1" ]; then
			ROUTER[$p]=r1 on1=$((on1 + 1))
		elif [ "$(rx r2)" -gt "$before2" ]; then
			ROUTER[$p]=r2 on2=$((on2 + 1))
		else
			fail "$p reached the native host through neither router" ||
				return 1
		fi
	done
	echo "# peers landing on r1: $on1, on r2: $on2 (ECMP hash, per boot)"
}

# Each peer pings the next, through whichever routers the hashes pick.
test_peers_reach_each_other()
{
	local i n=${#PEERS[@]}

	for ((i = 0; i < n; i++)); do
		reach "${PEERS[i]}" "${ADDR[${PEERS[(i + 1) % n]}]}" || return 1
	done
}

# p1 goes up through r1 and is answered through r2.
test_asymmetric()
{
	local rx1 rx2 tx1 tx2 rc

	ip -n inet rule add from 203.0.113.11 table 10 &&
	ip -n inet route add 192.0.2.1/32 via 198.51.100.2 dev i-r1 table 10 &&
	ip -n native route add "${ADDR[p1]}"/128 via 2001:db8:ffff:2::1 dev n-r2 ||
		return 1
	rx1=$(rx r1) && rx2=$(rx r2) || return 1
	tx1=$(router_counter tx_packets r1) && tx2=$(router_counter tx_packets r2) ||
		return 1
	reach p1 $NATIVE 5
	rc=$?
	[ $rc = 0 ] &&
	{ [ "$(rx r1)" -ge $((rx1 + 5)) ] ||
		fail "r1 did not take p1's requests"; } &&
	{ [ "$(router_counter tx_packets r2)" -ge $((tx2 + 5)) ] ||
		fail "r2 did not send the replies"; } &&
	{ [ "$(rx r2)" = "$rx2" ] && [ "$(router_counter tx_packets r1)" = "$tx1" ] ||
		fail "traffic crossed the other ways too"; }
	rc=$?
	ip -n inet rule del from 203.0.113.11 table 10
	ip -n inet route flush table 10
	ip -n native route del "${ADDR[p1]}"/128
	return $rc
}

# links_down R: router R's links go down, as when the machine dies.
links_down()
{
	ip -n "$1" link set "$1"-i down && ip -n "$1" link set "$1"-n down
}

test_router_fails()
{
	local failed=r1 other=r2 p pids=() got lost worst=0 before

	# Fail the router that carries most peers (at least one of them).
	if [ "$(grep -o r1 <<< "${ROUTER[*]}" | wc -l)" -lt \
	     "$(grep -o r2 <<< "${ROUTER[*]}" | wc -l)" ]; then
		failed=r2 other=r1
	fi
	for p in "${PEERS[@]}"; do
		[ "${ROUTER[$p]}" = $failed ] || continue
		ip netns exec $p ping -6 -c $FAILOVER_PINGS -i 0.1 -W 2 -q $NATIVE \
			> /tmp/failover.$p 2>&1 &
		pids+=($!)
	done
	sleep 1
	links_down $failed || return 1
	wait "${pids[@]}"
	for p in "${PEERS[@]}"; do
		[ "${ROUTER[$p]}" = $failed ] || continue
		got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' /tmp/failover.$p)
		[ -n "$got" ] || fail "$p: ping printed no summary" || return 1
		lost=$((FAILOVER_PINGS - got))
		[ $lost -gt $worst ] && worst=$lost
		before=$(rx $other) || return 1
		reach $p $NATIVE || return 1
		[ "$(rx $other)" -gt "$before" ] ||
			fail "$p's traffic did not move to $other" || return 1
	done
	echo "# $failed failed: its peers lost at most $worst of $FAILOVER_PINGS" \
		"pings 0.1 s apart (about $((worst * 100)) ms)"
	[ $worst -lt $((FAILOVER_PINGS / 2)) ] ||
		fail "the interruption lasted longer than $((FAILOVER_PINGS / 20)) s" ||
		return 1
	# Everyone, wherever they were, still reaches everyone.
	test_peers_reach_each_other
}

# The links come back and routes converge (neighbours resolve again,
# 6 to 7 s in the VMs): within 30 s, every peer reaches the native host.
test_router_returns()
{
	local p start=$SECONDS

	router_links_up 1 && router_links_up 2 || return 1
	for p in "${PEERS[@]}"; do
		until ip netns exec $p ping -6 -c 1 -W 1 $NATIVE > /dev/null; do
			[ $((SECONDS - start)) -lt 30 ] ||
				fail "$p cannot reach $NATIVE" || return 1
			sleep 1
		done
	done
	echo "# every peer reached the native host after $((SECONDS - start)) s"
}

ktap_print_header
setup || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 5
run_test "every peer reaches the native host through either router" \
	test_every_peer_reaches_native
run_test "peers reach each other through the two routers" \
	test_peers_reach_each_other
run_test "a peer goes up through one router and back through the other" \
	test_asymmetric
run_test "a router fails: its peers carry on through the other one" \
	test_router_fails
run_test "the failed router returns: every peer reaches the native host" \
	test_router_returns
ktap_finished
