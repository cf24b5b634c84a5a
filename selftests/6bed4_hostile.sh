#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What an attacker on the internet or in a container can make the router
# do: every address a packet names, every reply size, every counter. Each
# refusal sits next to a positive control on the same path.
#
#   wan: peers 192.0.2.10, .11 --- router: sb0 (6bed4) --- native: ::2
#        (listeners)               192.0.2.1:25790, 203.0.113.1 on r-wan2
#   wan2: 203.0.113.10             (setup_router_topology in lib.sh)

source "$(dirname "$0")/lib.sh"

PREFIX=2001:db8:9:10::/64
A=2001:db8:9:10:c000:20a:9c40:1
B=2001:db8:9:10:c000:20b:9c42:1
ROUTER=2001:db8:9:10:c000:201:64be:0
NATIVE=2001:db8:ffff::2
TV1=6000000000103aff00000000000000000000000000000000ff02000000000000000000000000000285007aae000000000101000000000001

peer()
{
	peer_cmd wan "$1" 25790 "$PREFIX" "${@:2}"
}

# addr V4:PORT: the 6bed4 address of an endpoint, lanip 1.
addr()
{
	peer 0.0.0.0:0 address "$1"
}

# listen NS BIND SECONDS: count the datagrams BIND gets, in the background
# (pid in LISTENER, report in /tmp/listen.out).
listen()
{
	ip netns exec "$1" "${PYTHON[@]}" "$SELFTEST_DIR/sixbed4_peer.py" \
		--bind "$2" --router 192.0.2.1:25790 --prefix $PREFIX \
		listen --seconds "$3" > /tmp/listen.out &
	LISTENER=$!
	udp_wait "${2##*:}" "$1" || fail "listener on $2 did not start"
}

# heard: how many datagrams the listener got, once it is done (in HEARD:
# waiting for it cannot happen in a subshell).
heard()
{
	wait "$LISTENER"
	HEARD=$(jq '.seen | length' /tmp/listen.out)
}

# counted COUNTER DELTA BEFORE: COUNTER grew by exactly DELTA since BEFORE.
counted()
{
	local now

	now=$(router_counter "$1")
	[ $((now - $3)) = "$2" ] || fail "$1 went from $3 to $now, expected +$2"
}

# native_refused DST: ping from the native host gets Administratively
# Prohibited, counted in drop_bad_endpoint.
native_refused()
{
	local before

	before=$(router_counter drop_bad_endpoint)
	ip netns exec native ping -6 -c 1 -W 2 "$1" > /tmp/ping.out 2>&1 &&
		{ fail "ping $1 succeeded"; return 1; }
	grep -q "Administratively prohibited" /tmp/ping.out ||
		fail "ping $1: $(cat /tmp/ping.out)" || return 1
	counted drop_bad_endpoint 1 "$before"
}

# peer_refused DST: peer A's packet to DST comes back as ICMPv6
# Administratively Prohibited, counted in drop_bad_endpoint.
peer_refused()
{
	local before out

	before=$(router_counter drop_bad_endpoint)
	out=$(peer 192.0.2.10:40000 ping "$1") || fail "no error for $1" || return 1
	jq -e --arg dst $A '.type == 1 and .code == 1 and .dst == $dst' \
		<<< "$out" > /dev/null || fail "ping $1: $out" || return 1
	counted drop_bad_endpoint 1 "$before"
}

test_broadcast_endpoint()
{
	local unicast broadcast

	unicast=$(addr 192.0.2.10:40006) && broadcast=$(addr 192.0.2.255:40006) ||
		return 1
	listen wan 0.0.0.0:40006 8 || return 1
	# Control: a peer's endpoint on that link is reached.
	ip netns exec native ping -6 -c 1 -W 1 "$unicast" > /dev/null
	native_refused "$broadcast" && peer_refused "$broadcast" || return 1
	heard
	[ "$HEARD" = 1 ] || fail "the link heard $HEARD datagrams, expected only the control's"
}

test_local_endpoint()
{
	local target

	# A local UDP service on the router's address on another link.
	target=$(addr 203.0.113.1:40008) || return 1
	listen router 203.0.113.1:40008 8 || return 1
	# Control: the service hears a datagram sent to it directly.
	ip netns exec wan2 "${PYTHON[@]}" "$SELFTEST_DIR/sixbed4_peer.py" \
		--bind 203.0.113.10:40009 --router 203.0.113.1:40008 --prefix $PREFIX \
		--wait 0.1 raw 00 > /dev/null
	native_refused "$target" && peer_refused "$target" || return 1
	heard
	[ "$HEARD" = 1 ] || fail "the local service heard $HEARD datagrams, expected 1"
}

# native_addrs ADDR...: extra addresses on the native host, for ping -I
# only: deprecated at once, so that no other test's packets leave from
# them.
native_addrs()
{
	local a

	for a in "$@"; do
		ip -n native addr add "$a"/128 dev n-eth0 nodad preferred_lft 0 || return 1
	done
}

# A packet to a peer from an address that embeds the router's own
# endpoint, under another router's prefix: what that router sends back
# when it routes one of ours to us again (RFC 6324's loop). Dropped,
# unanswered; from the port next to it, the peer is reached.
test_own_endpoint_loop()
{
	local other=2001:db8:9:20::/64 own own_any near target before

	own=$(peer_cmd wan 0.0.0.0:0 25790 $other address 192.0.2.1:25790) &&
	own_any=$(peer_cmd wan 0.0.0.0:0 25790 $other address 203.0.113.1:25790) &&
	near=$(peer_cmd wan 0.0.0.0:0 25790 $other address 192.0.2.1:25791) &&
	target=$(addr 192.0.2.10:40010) || return 1
	native_addrs "$own" "$own_any" "$near" || return 1
	listen wan 0.0.0.0:40010 10 || return 1
	ip netns exec native ping -6 -c 1 -W 1 -I "$near" "$target" > /dev/null
	before=$(router_counter drop_loop)
	ip netns exec native ping -6 -c 1 -W 1 -I "$own" "$target" > /dev/null
	counted drop_loop 1 "$before" || return 1
	# Bound to any address: every local one is ours.
	ip netns exec router "$SIXBED4" set dev sb0 local 0.0.0.0 || return 1
	ip netns exec native ping -6 -c 1 -W 1 -I "$own_any" "$target" > /dev/null
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 || return 1
	counted drop_loop 2 "$before" || return 1
	heard
	[ "$HEARD" = 1 ] || fail "the peer heard $HEARD datagrams, expected only the control's"
}

# A native host sending as a peer: from B's address to A. Peers take what
# comes from the router's endpoint, so it must not pass; from a port-0
# address of the prefix (native hosts' own, as bypass ranges have) it does.
test_native_as_peer()
{
	local native0=2001:db8:9:10::5 target before

	target=$(addr 192.0.2.10:40012) || return 1
	native_addrs $B $native0 || return 1
	listen wan 0.0.0.0:40012 8 || return 1
	ip netns exec native ping -6 -c 1 -W 1 -I $native0 "$target" > /dev/null
	before=$(router_counter drop_spoofed)
	ip netns exec native ping -6 -c 1 -W 1 -I $B "$target" > /dev/null
	counted drop_spoofed 1 "$before" || return 1
	heard
	[ "$HEARD" = 1 ] || fail "the peer heard $HEARD datagrams, expected only the control's"
}

# rs_from SPORT [SRC]: TV1 from SRC (192.0.2.10):SPORT, by a raw socket
# that writes the IP header too (port 0 is no port a UDP socket can send
# from, and SRC may be no address of the wan's).
rs_from()
{
	ip netns exec wan "${PYTHON[@]}" -c 'import socket, struct, sys
payload = bytes.fromhex(sys.argv[3])
udp = struct.pack("!HHHH", int(sys.argv[1]), 25790, 8 + len(payload), 0)
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp) + len(payload),
                 0, 0, 64, socket.IPPROTO_UDP, 0, socket.inet_aton(sys.argv[2]),
                 socket.inet_aton("192.0.2.1"))
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(ip + udp + payload, ("192.0.2.1", 0))' "$1" "${2:-192.0.2.10}" "$TV1"
	sleep 0.5
}

test_bad_source()
{
	local sent dropped

	sent=$(router_counter ra_sent)
	dropped=$(router_counter drop_bad_source)
	rs_from 40010 && counted ra_sent 1 "$sent" || return 1
	sent=$(router_counter ra_sent)
	rs_from 0 && counted drop_bad_source 1 "$dropped" &&
	counted ra_sent 0 "$sent"
}

# An RS "from" the wan's subnet broadcast address (no reverse-path filter
# stops it): its RA is refused on the way out, and ra_sent counts only
# RAs that left.
test_reply_to_broadcast()
{
	local sent refused

	ip netns exec router sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.r-wan.rp_filter=0 || return 1
	sent=$(router_counter ra_sent)
	refused=$(router_counter drop_bad_endpoint)
	rs_from 40011 192.0.2.255 && counted drop_bad_endpoint 1 "$refused" &&
	counted ra_sent 0 "$sent" || return 1
	rs_from 40011 && counted ra_sent 1 "$sent"
}

test_na_size_and_limit()
{
	local out limited

	sleep 0.3
	# No option asked, none given: 64 bytes answer 64 bytes.
	out=$(peer 192.0.2.10:40000 icmp $A fe80:: \
		8700000000000000fe800000000000000000000000000000) ||
		fail "no NA" || return 1
	jq -e '.type == 136 and .len == 64 and .plen == 24 and .checksum_ok' \
		<<< "$out" > /dev/null || fail "NA to an NS without option: $out" || return 1
	sleep 0.3
	# With a source link-layer option: the target's comes back, 72 bytes.
	out=$(peer 192.0.2.10:40000 icmp $A fe80:: \
		8700000000000000fe8000000000000000000000000000000101409cc000020a) ||
		fail "no NA" || return 1
	jq -e '.type == 136 and .len == 72 and
	       .icmp[48:64] == "0201be64c0000201"' <<< "$out" > /dev/null ||
		fail "NA to an NS with option: $out" || return 1
	sleep 0.3
	# Two at once from one source: one answer.
	limited=$(router_counter na_ratelimited)
	out=$(peer 192.0.2.10:40000 --count 2 --wait 1 icmp $A fe80:: \
		8700000000000000fe800000000000000000000000000000) ||
		fail "no NA at all" || return 1
	[ "$(jq length <<< "$out")" = 1 ] || fail "$(jq length <<< "$out") answers" || return 1
	counted na_ratelimited 1 "$limited"
}

test_nd_length()
{
	local before

	sleep 0.3
	# Control: one option is what a peer sends (TV1).
	peer 192.0.2.10:40000 --wait 1 raw "$TV1" > /dev/null || fail "no RA to TV1" || return 1
	sleep 0.3
	before=$(router_counter drop_invalid_nd)
	# Two options: longer than any solicitation a peer sends.
	peer 192.0.2.10:40000 --wait 1 icmp :: ff02::2 \
		850000000000000001010000000000010e01000000000000 > /dev/null &&
		{ fail "RS with two options answered"; return 1; }
	peer 192.0.2.10:40000 --wait 1 icmp $A fe80:: \
		8700000000000000fe8000000000000000000000000000000101409cc000020a0e01000000000000 \
		> /dev/null && { fail "NS with two options answered"; return 1; }
	counted drop_invalid_nd 2 "$before"
}

test_tx_counted_once()
{
	local tx txb rx

	peer_serve wan 192.0.2.10:40000 $PREFIX 8 || return 1
	tx=$(router_counter tx_packets)
	txb=$(router_counter tx_bytes)
	rx=$(router_counter rx_packets)
	ip netns exec native ping -6 -c 5 -i 0.2 -W 2 $A > /tmp/ping.out ||
		fail "ping: $(cat /tmp/ping.out)" || return 1
	kill "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
	# 5 echo requests of 104 bytes out, 5 replies in.
	counted tx_packets 5 "$tx" && counted tx_bytes 520 "$txb" &&
	counted rx_packets 5 "$rx"
}

# relay_ok: peer A reaches peer B through the router.
relay_ok()
{
	peer_serve wan 192.0.2.11:40002 $PREFIX 6 || return 1
	peer 192.0.2.10:40000 --wait 3 ping $B > /tmp/relay.out
	local rc=$?
	kill "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
	[ $rc = 0 ] && jq -e '.type == 129' /tmp/relay.out > /dev/null
}

test_forward_rules()
{
	local before

	relay_ok || fail "no relay before any rule" || return 1
	# Stateful rules as on a typical router: conntrack sees relayed packets.
	ip netns exec router nft -f - <<-NFT || return 1
		table ip6 fw {
			chain forward {
				type filter hook forward priority 0; policy drop;
				ct state invalid drop
				ct state established,related accept
				iifname "sb0" oifname "sb0" ct state new accept
			}
		}
	NFT
	relay_ok || fail "relay refused by a stateful forward chain that allows it" ||
		return 1
	before=$(router_counter drop_filtered)
	ip netns exec router nft insert rule ip6 fw forward \
		iifname "sb0" oifname "sb0" drop || return 1
	relay_ok && { fail "relayed through a forward rule that drops it"; return 1; }
	counted drop_filtered 1 "$before" || return 1
	ip netns exec router nft delete table ip6 fw || return 1
	# Forwarding off: no relay either.
	before=$(router_counter drop_filtered)
	ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=0
	relay_ok
	local rc=$?
	ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=1
	[ $rc != 0 ] || fail "relayed with forwarding off" || return 1
	counted drop_filtered 1 "$before" || return 1
	relay_ok || fail "no relay after the rules: $(cat /tmp/relay.out)"
}

test_input_rules()
{
	local before

	peer 192.0.2.10:40000 --wait 2 ping $ROUTER > /dev/null || fail "no answer from the router" ||
		return 1
	ip netns exec router nft -f - <<-NFT || return 1
		table ip6 fw {
			chain input {
				type filter hook input priority 0;
				ip6 daddr $ROUTER icmpv6 type echo-request drop
			}
		}
	NFT
	before=$(router_counter drop_filtered)
	peer 192.0.2.10:40000 --wait 1 ping $ROUTER > /dev/null
	local rc=$?
	ip netns exec router nft delete table ip6 fw
	[ $rc != 0 ] || fail "the router answered through an input rule that drops pings" ||
		return 1
	counted drop_filtered 1 "$before"
}

# The refusal of a packet the router source-NATed on its way to the device
# goes to the real sender: icmpv6_ndo_send() undoes the NAT.
test_icmp_undoes_snat()
{
	local target

	target=$(addr 192.0.2.255:40006) || return 1
	ip netns exec router nft -f - <<-NFT || return 1
		table ip6 nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "sb0" snat to 2001:db8:ffff::99
			}
		}
	NFT
	native_refused "$target"
	local rc=$?
	ip netns exec router nft delete table ip6 nat
	return $rc
}

# sixbed4_in PID ARGS...: the tool as the admin of PID's user and network
# namespaces (root there, nobody outside), output in $OUT.
sixbed4_in()
{
	local pid=$1

	shift
	OUT=$(nsenter -t "$pid" -U -n -- "$SIXBED4" "$@" 2>&1)
}

# A device moved into an unprivileged user's namespaces: its admin there
# may change the device but not rebind the socket, which stays behind in
# the namespace the device came from.
test_cross_netns_rebind()
{
	local pid rc=1

	ip -n router link add sbx type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sbx local 192.0.2.1 port 26000 \
		prefix 2001:db8:9:20::/64 || return 1
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare --user --map-root-user --net sleep 60 &
	pid=$!
	for _ in $(seq 50); do
		[ "$(readlink /proc/$pid/ns/net)" != "$(readlink /proc/self/ns/net)" ] &&
			[ "$(cat /proc/$pid/comm)" = sleep ] && break
		sleep 0.1
	done
	# Moving takes it down; its admin there brings it up again.
	if ! ip -n router link set sbx netns "$pid" ||
	   ! nsenter -t "$pid" -U -n -- ip link set sbx up; then
		fail "cannot move sbx and bring it up"
	elif ! sixbed4_in "$pid" set dev sbx netid 7; then
		fail "the namespace's admin cannot set netid: $OUT"
	elif sixbed4_in "$pid" set dev sbx port 26001; then
		fail "port changed from the other namespace"
	elif [[ "$OUT" != *"sbx: port 26001: "*"need CAP_NET_ADMIN there"* ]]; then
		fail "rebinding from the other namespace: $OUT"
	elif sixbed4_in "$pid" set dev sbx local 0.0.0.0; then
		fail "local changed from the other namespace"
	elif ! udp_bound 26000 router; then
		# The socket never moved: still bound in the creating namespace.
		fail "the socket left 192.0.2.1:26000"
	else
		rc=0
	fi
	kill "$pid"
	wait "$pid" 2>/dev/null
	return $rc
}

# A solicitation whose IPv6 packet is in a page fragment, not in the
# linear area, from a tap: answered like any other.
test_proxy_nd_nonlinear()
{
	local out

	# No udev in the VM: /dev/net/tun appears when the module is loaded.
	modprobe tun || return 1
	out=$(ip netns exec router "${PYTHON[@]}" "$SELFTEST_DIR/ns_probe.py" \
		--tap --src fe80::1 --setup "sysctl -qw net.ipv6.conf.tp0.accept_dad=0 &&
			ip link set tp0 up && $SIXBED4 set dev sb0 proxy-nd tp0" \
		tp0 "$A") || fail "no advertisement: $out" || return 1
	jq -e '.src | startswith("fe80:")' <<< "$out" > /dev/null &&
	jq -e '.dst == "fe80::1" and .solicited and .router and (.override | not) and
	       .checksum_ok and .eth_dst == "02:00:5e:00:00:aa"' <<< "$out" > /dev/null ||
		fail "unexpected advertisement: $out" || return 1
	# The tap went with the probe, and proxy ND with it.
	ip netns exec router "$SIXBED4" -j show dev sb0 |
		jq -e '.[0].proxy_nd == "off"' > /dev/null ||
		fail "proxy ND still on after the tap went"
}

# Drops reach the kfree_skb tracepoint with a reason, not "not specified".
test_drop_reasons()
{
	local t=/sys/kernel/tracing inst

	mountpoint -q $t || mount -t tracefs nodev $t || return 1
	inst=$t/instances/6bed4-$$
	mkdir "$inst" || return 1
	echo 1 > "$inst/events/skb/kfree_skb/enable"
	peer 192.0.2.10:40000 --wait 0.5 ping $NATIVE --src 2001:db8:9:10:c000:20a:9c42:1 \
		> /dev/null
	peer 192.0.2.10:40000 --wait 0.5 ping "$(addr 127.0.0.1:40000)" > /dev/null
	echo 0 > "$inst/events/skb/kfree_skb/enable"
	cp "$inst/trace" /tmp/drops.trace
	rmdir "$inst"
	grep -q 'reason: IP_RPFILTER' /tmp/drops.trace ||
		fail "no IP_RPFILTER drop for a spoofed source: $(grep -c kfree_skb /tmp/drops.trace) drops" ||
		return 1
	grep -q 'reason: IP_OUTNOROUTES' /tmp/drops.trace ||
		fail "no IP_OUTNOROUTES drop for a forbidden endpoint"
}

# ethtool_stats: "ethtool -S sb0" in the router netns as a JSON object.
ethtool_stats()
{
	ip netns exec router ethtool -S sb0 | tail -n +2 | jq -R -n \
		'[inputs | capture("^ *(?<k>[a-z0-9_]+): (?<v>[0-9]+)$") |
		  {(.k): (.v | tonumber)}] | add'
}

# After the tests above, many counters are not 0. The stack may drop a
# packet of its own (MLD) in between, so the tool's value lies between
# two readings of ethtool's.
test_ethtool_stats()
{
	local before tool after

	before=$(ethtool_stats) &&
	tool=$(ip netns exec router "$SIXBED4" -j show dev sb0 | jq '.[0].stats |
		del(.rx_packets, .rx_bytes, .tx_packets, .tx_bytes, .rx_dropped,
		    .tx_dropped)') &&
	after=$(ethtool_stats) || return 1
	jq -n -e --argjson a "$before" --argjson t "$tool" --argjson b "$after" '
		($a | keys) == ($t | keys) and ($b | keys) == ($t | keys) and
		all($t | keys[]; $a[.] <= $t[.] and $t[.] <= $b[.]) and
		([$t[] | select(. > 0)] | length) > 5' > /dev/null ||
		fail "ethtool -S $before, the tool $tool"
}

ktap_print_header
setup_router_topology || ktap_exit_fail_msg "topology setup failed"
ktap_set_plan 16
run_test "endpoint in a subnet broadcast: refused from native and peer" test_broadcast_endpoint
run_test "endpoint on a local address: refused, the local service hears nothing" test_local_endpoint
run_test "datagram from UDP port 0: dropped unanswered, counted" test_bad_source
run_test "RS from a subnet broadcast address: RA refused, not counted sent" test_reply_to_broadcast
run_test "from our own endpoint under another prefix: a loop, dropped" test_own_endpoint_loop
run_test "native host sending as a peer: dropped; as a native address: sent" test_native_as_peer
run_test "NA no larger than its NS; one per source per interval" test_na_size_and_limit
run_test "RS and NS longer than a peer's: refused by length" test_nd_length
run_test "tx and rx counted once per packet, exactly" test_tx_counted_once
run_test "relay passes PREROUTING, FORWARD, conntrack; forwarding sysctl" test_forward_rules
run_test "pings to the router pass INPUT rules" test_input_rules
run_test "refusal of a source-NATed packet reaches the real sender" test_icmp_undoes_snat
run_test "moved to a user's netns: settings yes, rebinding the socket no" test_cross_netns_rebind
run_test "proxy ND: a solicitation in a page fragment is answered" test_proxy_nd_nonlinear
run_test "drops carry their reason to the kfree_skb tracepoint" test_drop_reasons
run_test "ethtool -S: the tool's datapath counters, same names and values" test_ethtool_stats
ktap_finished
