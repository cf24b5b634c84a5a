#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the 6bed4 selftests: KTAP output, the tool, netns
# handling and assertions. Every assertion prints why it failed as a KTAP
# diagnostic ("# ...") and returns non-zero.

SELFTEST_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

# shellcheck source=selftests/ktap.sh
source "$SELFTEST_DIR/ktap.sh"

# The tool: from this repository if built here, else from PATH.
SIXBED4=${SIXBED4:-$SELFTEST_DIR/../tools/6bed4}
# The test helpers need only the standard library: no site (its .pth
# hooks cost a quarter of a second per start under emulation).
PYTHON=(/usr/bin/python3 -S)
[ -x "$SIXBED4" ] || SIXBED4=$(command -v 6bed4)

NS_LIST=()

cleanup_all()
{
	local ns

	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	ip -o link show type 6bed4 2>/dev/null |
		awk -F': ' '{ sub(/@.*/, "", $2); print "link del " $2 }' | ip -force -batch -
}
trap cleanup_all EXIT

# setup_ns NAME...: fresh network namespaces with loopback up, removed at exit.
setup_ns()
{
	local ns

	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		NS_LIST+=("$ns")
	done
}

# sixbed4 ARGS...: run the tool, keeping its output in $OUT and $ERR.
sixbed4()
{
	local rc

	# shellcheck disable=SC2034 # OUT and ERR are for the caller
	OUT=$("$SIXBED4" "$@" 2>/tmp/sixbed4.err)
	rc=$?
	ERR=$(cat /tmp/sixbed4.err)
	return $rc
}

# expect_ok ARGS...: the tool succeeds.
expect_ok()
{
	sixbed4 "$@" || fail "6bed4 $*: exit $?: $ERR"
}

# expect_error RC 'ERRNO TEXT' 'MESSAGE' ARGS...: the tool fails with exit
# status RC and its error line holds both texts (the strerror and the
# kernel's extack message, or the usage message).
expect_error()
{
	local want_rc=$1 errno_text=$2 msg=$3 rc

	shift 3
	sixbed4 "$@"
	rc=$?
	[ "$rc" = "$want_rc" ] ||
		fail "6bed4 $*: exit $rc, expected $want_rc ($ERR)" || return 1
	[[ "$ERR" == *"$errno_text"* ]] ||
		fail "6bed4 $*: \"$ERR\" lacks \"$errno_text\"" || return 1
	[[ "$ERR" == *"$msg"* ]] ||
		fail "6bed4 $*: \"$ERR\" lacks \"$msg\""
}

# dev_json DEV [KEY]: the device as "6bed4 -j show dev" prints it, or one
# field of it (jq syntax, e.g. .port).
dev_json()
{
	local json

	json=$("$SIXBED4" -j show dev "$1") || return 1
	jq -c ".[0] | ${2:-.}" <<< "$json"
}

# expect_field DEV JQ-PATH VALUE: a field of the device's JSON has VALUE
# (compared as compact JSON, so strings need their quotes).
expect_field()
{
	local got

	got=$(dev_json "$1" "$2") || fail "no $2 in 6bed4 -j show dev $1" || return 1
	[ "$got" = "$3" ] || fail "$1 $2 is $got, expected $3"
}

# config_of DEV: the device's configuration without its counters, to check
# that a refused change left it as it was.
config_of()
{
	local json

	json=$("$SIXBED4" -j show dev "$1") || return 1
	# The counters come last: cut them off without another process.
	[[ "$json" == '[{"ifname":'*',"stats":{'* ]] || return 1
	echo "${json%,\"stats\":\{*}"
}

# udp_bound PORT [NS]: something listens on UDP PORT.
udp_bound()
{
	local ns=${2:+ip netns exec $2}

	$ns ss -Hlun "sport = :$1" | grep -q .
}

# udp_wait PORT NS: wait up to 10 s for something to listen on UDP PORT.
udp_wait()
{
	for _ in $(seq 100); do
		udp_bound "$1" "$2" && return 0
		sleep 0.1
	done
	return 1
}

module_loaded()
{
	[ -d /sys/module/6bed4 ]
}

module_refcnt()
{
	cat /sys/module/6bed4/refcnt 2>/dev/null
}

# setup_router_topology: the router between peers and a native host.
#
#   wan: 192.0.2.10, .11 --- router: r-wan 192.0.2.1 ------ native: n-eth0
#        w-eth0              sb0 (6bed4, local 192.0.2.1,   2001:db8:ffff::2
#                            prefix 2001:db8:9:10::/64)
#                            r-nat 2001:db8:ffff::1
#   wan2: 203.0.113.10 ----- r-wan2 203.0.113.1 (another link)
# The router's peer-facing veths do GRO, as its NICs would: every
# datagram from a peer passes the socket's GRO.
setup_router_topology()
{
	cleanup_all
	setup_ns router wan wan2 native || return 1
	ip -n router link add r-wan type veth peer name w-eth0 netns wan &&
	ip -n router link add r-wan2 type veth peer name w2-eth0 netns wan2 &&
	ip -n router link add r-nat type veth peer name n-eth0 netns native || return 1
	ip -n router addr add 203.0.113.1/24 dev r-wan2 &&
	ip -n router link set r-wan2 up &&
	ip -n wan2 addr add 203.0.113.10/24 dev w2-eth0 &&
	ip -n wan2 link set w2-eth0 up &&
	ip -n wan2 route add 192.0.2.1/32 dev w2-eth0 || return 1
	ip -n router addr add 192.0.2.1/24 dev r-wan &&
	ip -n router link set r-wan up &&
	ip netns exec router ethtool -K r-wan gro on > /dev/null &&
	ip netns exec router ethtool -K r-wan2 gro on > /dev/null &&
	ip -n router addr add 2001:db8:ffff::1/64 dev r-nat nodad &&
	ip -n router link set r-nat up &&
	ip netns exec router sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	ip -n wan addr add 192.0.2.10/24 dev w-eth0 &&
	ip -n wan addr add 192.0.2.11/24 dev w-eth0 &&
	ip -n wan link set w-eth0 up || return 1
	ip -n native addr add 2001:db8:ffff::2/64 dev n-eth0 nodad &&
	ip -n native link set n-eth0 up &&
	ip -n native route add default via 2001:db8:ffff::1 || return 1

	ip -n router link add sb0 type 6bed4 &&
	ip netns exec router "$SIXBED4" set dev sb0 local 192.0.2.1 \
		prefix 2001:db8:9:10::/64 &&
	ip -n router link set sb0 up &&
	ip -n router route add 2001:db8:9:10::/64 dev sb0
}

# setup_sitfou_peer ADDR [NS LOCAL]: Linux's own sit + fou as a static
# 6bed4 peer in netns NS (default wan), from LOCAL:40000 (default
# 192.0.2.10) to the router, with 6bed4 address ADDR and the default route.
# fou has no module alias for its netlink family: it is loaded by hand.
setup_sitfou_peer()
{
	local ns=${2:-wan} local=${3:-192.0.2.10}

	modprobe fou || return 1
	ip netns exec "$ns" ip fou add port 40000 ipproto 41 &&
	ip -n "$ns" link add s6 type sit remote 192.0.2.1 local "$local" \
		encap fou encap-sport 40000 encap-dport 25790 &&
	ip -n "$ns" link set s6 up mtu 1280 &&
	ip -n "$ns" addr add "$1"/114 dev s6 nodad &&
	ip -n "$ns" -6 route add default dev s6
}

# as_a_nic NS DEV: DEV hands the wire MTU-sized packets, as a NIC does
# (no TSO or GSO on it), and does GRO.
as_a_nic()
{
	ip netns exec "$1" ethtool -K "$2" tso off gso off \
		tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off \
		gro on > /dev/null
}

# tcp_transfer FROM-NS TO-NS TO-ADDR MB: MB of random data over TCP, which
# must arrive intact.
tcp_transfer()
{
	local from=$1 to=$2 addr=$3 mb=$4 server

	head -c "${mb}M" /dev/urandom > /tmp/send.bin
	rm -f /tmp/recv.bin
	ip netns exec "$to" socat -u TCP6-LISTEN:5001,reuseaddr OPEN:/tmp/recv.bin,creat,trunc &
	server=$!
	for _ in $(seq 50); do
		ip netns exec "$to" ss -Hltn 'sport = :5001' | grep -q . && break
		sleep 0.1
	done
	timeout 120 ip netns exec "$from" socat -u OPEN:/tmp/send.bin "TCP6:[$addr]:5001" ||
		fail "transfer $from -> $to failed" || return 1
	wait $server
	[ "$(sha256sum < /tmp/send.bin)" = "$(sha256sum < /tmp/recv.bin)" ] ||
		fail "$from -> $to: data differs ($(stat -c %s /tmp/recv.bin) bytes arrived)"
}

# setup_nat_home ROUTER_IF [MASQUERADE-OPTIONS]: netns "home" (a peer at
# 203.0.113.2) behind netns "nat", which masquerades to 198.51.100.2 on
# n-wan, the veth peer of ROUTER_IF in netns router. The caller sets up
# ROUTER_IF; the router's 192.0.2.0/24 is on-link from the NAT.
setup_nat_home()
{
	local router_if=$1 options=${2:-}

	setup_ns nat home || return 1
	ip -n router link add "$router_if" type veth peer name n-wan netns nat &&
	ip -n nat link add n-home type veth peer name h-eth0 netns home || return 1
	ip -n nat addr add 198.51.100.2/24 dev n-wan && ip -n nat link set n-wan up &&
	ip -n nat route add 192.0.2.0/24 dev n-wan &&
	ip -n nat addr add 203.0.113.1/24 dev n-home && ip -n nat link set n-home up &&
	ip netns exec nat sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip netns exec nat nft -f - <<-NFT || return 1
		table ip nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "n-wan" ip saddr 203.0.113.0/24 masquerade $options
			}
		}
	NFT
	ip -n home addr add 203.0.113.2/24 dev h-eth0 && ip -n home link set h-eth0 up &&
	ip -n home route add default via 203.0.113.1
}

# peer_cmd NS BIND PORT PREFIX ARGS...: the test peer in NS, bound to BIND,
# talking to the router at 192.0.2.1:PORT under PREFIX.
peer_cmd()
{
	local ns=$1 bind=$2 port=$3 prefix=$4

	shift 4
	ip netns exec "$ns" "${PYTHON[@]}" "$SELFTEST_DIR/sixbed4_peer.py" \
		--bind "$bind" --router "192.0.2.1:$port" --prefix "$prefix" "$@"
}

# peer_serve NS BIND PREFIX SECONDS [PEER-OPTIONS...]: a test peer answering
# echo requests in the background (pid in SERVER, report in /tmp/serve.out),
# returning once its socket is bound.
peer_serve()
{
	local ns=$1 bind=$2 prefix=$3 seconds=$4

	shift 4
	peer_cmd "$ns" "$bind" 25790 "$prefix" "$@" serve --seconds "$seconds" \
		> /tmp/serve.out &
	# shellcheck disable=SC2034 # for the caller
	SERVER=$!
	udp_wait "${bind##*:}" "$ns" || fail "peer on $bind did not start"
}

# router_counter NAME [NS]: a counter of sb0 in NS (default router).
router_counter()
{
	local json

	json=$(ip netns exec "${2:-router}" "$SIXBED4" -j show dev sb0) || return 1
	# (without jq: it is called often, and every process counts in a VM)
	[[ "$json" =~ \"$1\":([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}
