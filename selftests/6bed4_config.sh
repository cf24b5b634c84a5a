#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configuring a 6bed4 device with the 6bed4 tool: defaults, round trips
# through set and show -j, prefix expansion, every kind of bad input
# (refused with the kernel's message after the words it is about, old
# configuration intact), the grammar (abbreviations, help, repeated words),
# privileges, and the UDP socket's life with the device's state.

source "$(dirname "$0")/lib.sh"

setup()
{
	cleanup_all
	ip addr add 192.0.2.1/24 dev lo 2>/dev/null
	ip addr add 198.51.100.1/24 dev lo 2>/dev/null
	ip link add sb0 type 6bed4 || return 1
	ip link set sb0 up
}

test_defaults()
{
	setup || return 1
	expect_field sb0 .port 25790 &&
	expect_field sb0 .netid 3053 &&
	expect_field sb0 .local '"0.0.0.0"' &&
	expect_field sb0 .listening false &&
	expect_field sb0 .routes '[]' &&
	expect_field sb0 'has("prefix")' false &&
	expect_field sb0 '.stats | keys | length > 0' true || return 1

	# Nothing to serve without a prefix: no socket yet.
	! udp_bound 25790 || fail "socket open without a prefix"
}

test_device_properties()
{
	local link

	setup || return 1
	link=$(ip -d -j link show sb0) || return 1
	[ "$(jq -r '.[0].mtu' <<< "$link")" = 1280 ] || fail "mtu is not 1280" || return 1
	[ "$(jq -r '.[0].min_mtu' <<< "$link")" = 1280 ] || fail "min_mtu is not 1280" || return 1
	[ "$(jq -r '.[0].link_type' <<< "$link")" = none ] || fail "link type is not none" || return 1
	[ "$(jq -r '.[0].qdisc' <<< "$link")" = noqueue ] || fail "has a qdisc" || return 1
	jq -e '.[0].flags | index("NOARP")' <<< "$link" > /dev/null || fail "not NOARP" || return 1
	ip link set sb0 mtu 1279 2>/dev/null && { fail "mtu 1279 accepted"; return 1; }
	ip link set sb0 mtu 1400 || fail "mtu 1400 refused" || return 1
	[ "$(ip -j link show sb0 | jq -r '.[0].mtu')" = 1400 ] || fail "mtu not changed"
}

test_round_trip()
{
	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 port 4000 netid 1a2b \
		prefix 2001:db8:9:10::/64 \
		route 2001:db8:aaaa::/48 route 2001:db8:bbbb:cc00::/56 || return 1
	expect_field sb0 .local '"192.0.2.1"' &&
	expect_field sb0 .port 4000 &&
	expect_field sb0 .netid 6699 &&
	expect_field sb0 .prefix '"2001:db8:9:10::/64"' &&
	expect_field sb0 .routes '["2001:db8:aaaa::/48","2001:db8:bbbb:cc00::/56"]' &&
	expect_field sb0 .listening true || return 1

	# The text output says the same.
	expect_ok show dev sb0 || return 1
	for want in "sb0:" "local 192.0.2.1" "port 4000" "netid 0x1a2b" \
		    "listening yes" "prefix 2001:db8:9:10::/64" \
		    "route 2001:db8:aaaa::/48" "route 2001:db8:bbbb:cc00::/56"; do
		[[ "$OUT" == *"$want"* ]] || fail "text output lacks \"$want\": $OUT" || return 1
	done

	# Routes are replaced as a list; "route none" clears them.
	expect_ok set dev sb0 route 2001:db8:cccc::/48 &&
	expect_field sb0 .routes '["2001:db8:cccc::/48"]' &&
	expect_ok set dev sb0 route none &&
	expect_field sb0 .routes '[]' || return 1

	# A set that names only the device changes nothing.
	local before
	before=$(config_of sb0) || fail "no configuration of sb0" || return 1
	expect_ok set dev sb0 && [ "$(config_of sb0)" = "$before" ] ||
		fail "empty set changed the configuration"
}

# expand LOCAL NETID PREFIX EXPECTED
expand()
{
	expect_ok set dev sb0 local "$1" netid "$2" prefix "$3" &&
	expect_field sb0 .prefix "\"$4\""
}

test_prefix_expansion()
{
	setup || return 1
	expand 192.0.2.1 bed fc64::/16 fc64:bed:c000:201::/64 &&
	expand 192.0.2.1 bed 2002::/16 2002:bed:c000:201::/64 &&
	expand 192.0.2.1 bed 2001:db8::/32 2001:db8:c000:201::/64 &&
	expand 192.0.2.1 1234 2001:db8:9::/48 2001:db8:9:1234::/64 &&
	expand 198.51.100.1 1234 2001:db8:9:10::/64 2001:db8:9:10::/64 &&
	expand 198.51.100.1 1 fc64::/16 fc64:1:c633:6401::/64
}

# refused RC ERRNO MESSAGE SET-ARGS...: refused, configuration unchanged.
refused()
{
	local before

	before=$(config_of sb0) || fail "no configuration to compare" || return 1
	expect_error "$@" || return 1
	[ "$(config_of sb0)" = "$before" ] ||
		fail "refused \"${*:4}\" changed the configuration"
}

test_bad_prefix()
{
	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 prefix 2001:db8:9:10::/64 || return 1

	refused 2 "sb0: prefix 2001:db8::/40: prefix length must be 16, 32, 48 or 64" "" \
		set dev sb0 prefix 2001:db8::/40 &&
	refused 2 "sb0: prefix 2001:db8:9:10::/65: prefix length must be 16, 32, 48 or 64" "" \
		set dev sb0 prefix 2001:db8:9:10::/65 &&
	refused 2 "sb0: prefix 2001:db8:9:10::/128: prefix length must be 16, 32, 48 or 64" "" \
		set dev sb0 prefix 2001:db8:9:10::/128 &&
	refused 2 "sb0: prefix 2001:db8:9:10::1/64: prefix has bits set beyond its length" "" \
		set dev sb0 prefix 2001:db8:9:10::1/64 &&
	refused 2 "sb0: prefix 2001:db8:9::/32: prefix has bits set beyond its length" "" \
		set dev sb0 prefix 2001:db8:9::/32 &&
	refused 2 "sb0: prefix ::/64: prefix must not be unspecified, multicast, link-local or loopback" "" \
		set dev sb0 prefix ::/64 &&
	refused 2 "sb0: prefix ff0e::/16: prefix must not be unspecified, multicast, link-local or loopback" "" \
		set dev sb0 prefix ff0e::/16 &&
	refused 2 "sb0: prefix fe80::/64: prefix must not be unspecified, multicast, link-local or loopback" "" \
		set dev sb0 prefix fe80::/64 &&
	refused 1 "prefix" "is not PREFIX/LEN" \
		set dev sb0 prefix 2001:db8:: &&
	refused 1 "prefix" "is not PREFIX/LEN" \
		set dev sb0 prefix 2001:db8::/129 &&
	refused 1 "prefix" "is not PREFIX/LEN" \
		set dev sb0 prefix 192.0.2.0/24 || return 1

	# A /16 or /32 needs the local IPv4 address it embeds.
	expect_ok set dev sb0 local 0.0.0.0 || return 1
	refused 2 "sb0: prefix fc64::/16: a /16 or /32 prefix embeds the local IPv4 address, which is not set" "" \
		set dev sb0 prefix fc64::/16 &&
	refused 2 "sb0: prefix 2001:db8::/32: a /16 or /32 prefix embeds the local IPv4 address, which is not set" "" \
		set dev sb0 prefix 2001:db8::/32
}

test_bad_port_and_local()
{
	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 port 4000 prefix 2001:db8:9:10::/64 || return 1

	# (The kernel's own refusal of port 0 is 6bed4_genl's.)
	refused 1 "port: \"0\": port must be 1 to 65535" "" set dev sb0 port 0 &&
	refused 1 "port: \"65536\": port must be 1 to 65535" "" set dev sb0 port 65536 &&
	refused 1 "port: \"-1\": port must be 1 to 65535" "" set dev sb0 port -1 &&
	refused 1 "port: \"http\": port must be 1 to 65535" "" set dev sb0 port http || return 1

	local bad
	for bad in 224.0.0.1 255.255.255.255 0.1.2.3 240.0.0.1; do
		refused 2 "sb0: local $bad: local address must be 0.0.0.0 or a unicast IPv4 address" "" \
			set dev sb0 local "$bad" || return 1
	done
	refused 1 "local" "is not an IPv4 address" set dev sb0 local 2001:db8::1 &&
	refused 1 "local" "is not an IPv4 address" set dev sb0 local 192.0.2 &&
	# Not assigned anywhere: the socket cannot be bound.
	refused 2 "sb0: local address is not assigned to any interface" "" \
		set dev sb0 local 203.0.113.9 &&
	refused 1 "netid" "is not a hex number up to ffff" set dev sb0 netid 10000 &&
	refused 1 "netid" "is not a hex number up to ffff" set dev sb0 netid xyz
}

test_bad_routes()
{
	local args=() i n

	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 prefix 2001:db8:9:10::/64 route 2001:db8:aaaa::/48 || return 1

	for i in $(seq 1 11); do
		args+=(route "2001:db8:$i::/48")
	done
	# Ten is the limit, and it fits; the tool refuses the eleventh, and
	# twelve or a hundred do not overflow it (the kernel's own refusal of
	# an eleventh is 6bed4_genl's route_entries).
	expect_ok set dev sb0 "${args[@]:0:20}" &&
	expect_field sb0 '.routes | length' 10 || return 1
	for n in 11 12 100; do
		for i in $(seq 12 $n); do
			args+=(route "2001:db8:$i::/48")
		done
		refused 1 "route 2001:db8:11::/48: at most 10 routed prefixes" "6bed4 help" \
			set dev sb0 "${args[@]}" || return 1
	done
	expect_field sb0 '.routes | length' 10 || return 1

	refused 2 "sb0: route 2001:db8:aaaa::/48: routed prefix given twice" "" \
		set dev sb0 route 2001:db8:aaaa::/48 route 2001:db8:aaaa::/48 &&
	refused 2 "sb0: route 2001::/8: integer out of range" "" \
		set dev sb0 route 2001::/8 &&
	refused 2 "sb0: route 2001:db8:aaaa::1/48: prefix has bits set beyond its length" "" \
		set dev sb0 route 2001:db8:aaaa::1/48 &&
	refused 2 "sb0: route ff00::/16: routed prefix must not be unspecified, multicast, link-local or loopback" "" \
		set dev sb0 route ff00::/16 &&
	refused 2 "sb0: route fe80::/64: routed prefix must not be unspecified, multicast, link-local or loopback" "" \
		set dev sb0 route fe80::/64 &&
	refused 1 "route" "is not PREFIX/LEN" set dev sb0 route default
}

test_bad_device()
{
	setup || return 1
	ip link add dummy0 type dummy || return 1
	# The kernel's message alone, once, after the device it is about.
	expect_error 2 "6bed4: nosuchdev: no such device" "" set dev nosuchdev port 1 &&
	[[ "$ERR" != *"No such device"* ]] || fail "doubled: $ERR" || return 1
	expect_error 2 "6bed4: nosuchdev: no such device" "" show dev nosuchdev &&
	expect_error 2 "6bed4: dummy0: not a 6bed4 device" "" set dev dummy0 port 1 &&
	expect_error 2 "6bed4: lo: not a 6bed4 device" "" show dev lo &&
	# No device has a longer name than 15 bytes: refused before asking,
	# however long (the request is built on the stack).
	local long
	long=$(head -c 100000 /dev/zero | tr '\0' a)
	expect_error 1 "dev: \"aaaaaaaaaaaaaaaa...\" is no device name (1 to 15 bytes)" "" \
		set dev aaaaaaaaaaaaaaaa port 1 &&
	expect_error 1 "is no device name" "" set dev "$long" port 1 &&
	expect_error 1 "is no device name" "" show dev "$long" &&
	expect_error 1 "is no device name" "" bypass add ::1 dev "$long" &&
	expect_error 1 "is no device name" "" set dev "" port 1
	local rc=$?
	ip link del dummy0
	return $rc
}

test_usage()
{
	setup || return 1
	expect_error 1 "unknown command \"frobnicate\"" "6bed4 help" frobnicate &&
	expect_error 1 "unknown word \"colour\"" "6bed4 help" set dev sb0 colour red &&
	expect_error 1 "unknown word \"verbose\"" "6bed4 help" show verbose &&
	expect_error 1 "\"port\" needs a value" "6bed4 help" set dev sb0 port &&
	expect_error 1 "which device? (dev NAME)" "" set port 1 &&
	expect_ok help && [[ "$OUT" == *"Usage: 6bed4"* ]] || fail "help: $OUT" || return 1
	expect_ok --help && [[ "$OUT" == *"Usage: 6bed4"* ]] || fail "--help: $OUT" || return 1
	expect_ok set help && [[ "$OUT" == "Usage: 6bed4 set dev NAME"* ]] ||
		fail "set help: $OUT" || return 1
	expect_ok bypass help && [[ "$OUT" == "Usage: 6bed4 bypass {add|del}"* ]] ||
		fail "bypass help: $OUT" || return 1
	expect_ok -V && [[ "$OUT" == "6bed4 "* ]] || fail "-V: $OUT" || return 1
	# The loaded module's version too.
	expect_ok --version &&
	[[ "$OUT" == *"module $(cat /sys/module/6bed4/version)"* ]] ||
		fail "--version: $OUT" || return 1

	# Abbreviations, as long as they name one word.
	expect_ok sh dev sb0 && [[ "$OUT" == "sb0:"* ]] || fail "sh: $OUT" || return 1
	expect_ok se d sb0 po 4001 &&
	expect_field sb0 .port 4001 &&
	expect_ok set dev sb0 port 25790 &&
	expect_ok b s dev sb0 || return 1
	expect_error 1 "ambiguous command \"s\": show or set?" "" s &&
	expect_error 1 "ambiguous word \"p\": port, prefix or proxy-nd?" "" \
		set dev sb0 p 1 &&
	# A word said twice, and route none beside routes.
	refused 1 "\"port\" given twice (1, 2)" "" set dev sb0 port 1 port 2 &&
	refused 1 "\"dev\" given twice" "" set dev sb0 dev sb1 port 1 &&
	refused 1 "route none: clears the routes, and cannot go with route 2001:db8:aaaa::/48" "" \
		set dev sb0 route none route 2001:db8:aaaa::/48
}

test_ethtool_info()
{
	local info

	setup || return 1
	info=$(ethtool -i sb0) || fail "ethtool -i sb0 failed" || return 1
	grep -qx "driver: 6bed4" <<< "$info" &&
	grep -qx "version: $(cat /sys/module/6bed4/version)" <<< "$info" ||
		fail "ethtool -i: $info"
}

# complete WORDS...: what bash completion offers for the last word.
complete_words()
{
	bash -c 'source "$1" && shift && COMP_WORDS=("$@") &&
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _6bed4 &&
		echo "${COMPREPLY[*]}"' _ "$SELFTEST_DIR/../tools/completion/6bed4" "$@"
}

# expect_completion WANT WORDS...
expect_completion()
{
	local want=$1 got

	shift
	got=$(complete_words "$@") || fail "completion of \"$*\" failed" || return 1
	[ "$got" = "$want" ] || fail "completion of \"$*\": \"$got\", expected \"$want\""
}

test_completion()
{
	setup || return 1
	ip link add sbz type 6bed4 && ip link add upz type dummy &&
	ip link add "\$(date)" type dummy || return 1
	[ "$(bash -c 'source "$1" && complete -p 6bed4' _ \
		"$SELFTEST_DIR/../tools/completion/6bed4")" = "complete -F _6bed4 6bed4" ] ||
		fail "no completion registered for 6bed4" || return 1
	expect_completion "show set" 6bed4 s &&
	expect_completion "-j" 6bed4 -j &&
	expect_completion "sb0 sbz" 6bed4 show dev "" &&
	expect_completion "sbz" 6bed4 -j sh dev sbz &&
	expect_completion "route local port prefix netid proxy-nd" 6bed4 set dev sb0 "" &&
	expect_completion "route local prefix netid proxy-nd" 6bed4 se dev sb0 port 1 "" &&
	expect_completion "none" 6bed4 set dev sb0 route n &&
	expect_completion "upz" 6bed4 set dev sb0 proxy-nd up &&
	expect_completion "off" 6bed4 set dev sb0 proxy-nd of &&
	# Names as they are, never expanded.
	expect_completion "\$(date)" 6bed4 set dev sb0 proxy-nd "\$" &&
	expect_completion "add del show help" 6bed4 bypass "" &&
	expect_completion "dev" 6bed4 b add 2001:db8:9:10::11 "" &&
	expect_completion "sb0 sbz" 6bed4 bypass show dev sb
	local rc=$?
	ip link del sbz; ip link del upz; ip link del "\$(date)"
	return $rc
}

test_json()
{
	setup || return 1
	# Valid JSON with no device, one and several, plain and pretty.
	ip link del sb0
	[ "$("$SIXBED4" -j show)" = "[]" ] || fail "no device is not []" || return 1
	ip link add sb0 type 6bed4 && ip link add sb1 type 6bed4 || return 1
	"$SIXBED4" -j show | jq -e 'length == 2' > /dev/null || fail "two devices: bad JSON" || return 1
	"$SIXBED4" -j -p show | jq -e 'length == 2' > /dev/null || fail "pretty: bad JSON" || return 1
	"$SIXBED4" -j -p show | grep -q '^    {' || fail "pretty JSON is not indented" || return 1
	# No command means show.
	[ "$("$SIXBED4" -j)" = "$("$SIXBED4" -j show)" ] || fail "6bed4 -j differs from 6bed4 -j show"
}

test_unprivileged()
{
	local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
	local before

	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 prefix 2001:db8:9:10::/64 || return 1
	before=$(config_of sb0) || fail "no configuration of sb0" || return 1
	OUT=$("${nobody[@]}" "$SIXBED4" set dev sb0 port 4000 2>&1)
	local rc=$?
	[ $rc = 2 ] && [[ "$OUT" == *"Operation not permitted"* ]] ||
		fail "unprivileged set: exit $rc: $OUT" || return 1
	[ "$(config_of sb0)" = "$before" ] || fail "unprivileged set changed the configuration" || return 1
	# Reading is allowed.
	"${nobody[@]}" "$SIXBED4" -j show dev sb0 | jq -e '.[0].port == 25790' > /dev/null ||
		fail "unprivileged show failed"
}

test_socket_follows_state()
{
	setup || return 1
	ip link set sb0 down
	expect_ok set dev sb0 port 4001 prefix 2001:db8:9:10::/64 || return 1
	expect_field sb0 .listening false || return 1
	udp_bound 4001 && { fail "socket open while down"; return 1; }
	ip link set sb0 up || return 1
	expect_field sb0 .listening true && udp_bound 4001 || fail "no socket after up" || return 1
	ip link set sb0 down
	expect_field sb0 .listening false || return 1
	udp_bound 4001 && { fail "socket still open after down"; return 1; }
	ip link set sb0 up
	# A live device moves its socket with port and local changes.
	expect_ok set dev sb0 port 4002 && udp_bound 4002 || fail "socket did not move to 4002" || return 1
	udp_bound 4001 && { fail "old socket on 4001 left open"; return 1; }
	expect_ok set dev sb0 local 192.0.2.1 &&
	ss -Hlun "sport = :4002" | grep -q 192.0.2.1 || fail "socket not bound to 192.0.2.1" || return 1
	expect_ok set dev sb0 local 0.0.0.0 port 4002 &&
	ss -Hlun "sport = :4002" | grep -q '0.0.0.0:4002' || fail "socket not back on 0.0.0.0"
}

test_two_devices()
{
	local before

	setup || return 1
	ip link add sb1 type 6bed4 && ip link set sb1 up || return 1
	expect_ok set dev sb0 prefix 2001:db8:9:10::/64 &&
	expect_ok set dev sb1 port 25791 prefix 2001:db8:9:11::/64 || return 1
	expect_field sb0 .listening true && expect_field sb1 .listening true || return 1
	udp_bound 25790 && udp_bound 25791 || fail "both ports should be bound" || return 1

	# The same port on both: refused, sb1 keeps its old socket.
	before=$(config_of sb1) || fail "no configuration of sb1" || return 1
	expect_error 2 "sb1: UDP port is already in use on the local address" "" \
		set dev sb1 port 25790 || return 1
	[ "$(config_of sb1)" = "$before" ] && udp_bound 25791 ||
		fail "refused port change lost sb1's socket" || return 1

	# Configured while down, it cannot come up on a taken port.
	ip link set sb1 down
	expect_ok set dev sb1 port 25790 || return 1
	ip link set sb1 up 2>/dev/null && { fail "sb1 came up on a taken port"; return 1; }
	ip link del sb0
	ip link set sb1 up || fail "sb1 cannot come up once the port is free"
}

test_bypass_ranges()
{
	local i args=()

	setup || return 1
	expect_error 2 "sb0: set the 6bed4 prefix before bypass ranges" "" \
		bypass add 2001:db8:9:10::11/128 dev sb0 || return 1
	expect_ok set dev sb0 local 192.0.2.1 prefix 2001:db8:9:10::/64 &&
	expect_ok bypass add 2001:db8:9:10::11/128 2001:db8:9:10::/112 dev sb0 &&
	expect_field sb0 .bypasses '["2001:db8:9:10::11/128","2001:db8:9:10::/112"]' ||
		return 1
	sixbed4 bypass show dev sb0 &&
	[ "$OUT" = "2001:db8:9:10::11/128 dev sb0
2001:db8:9:10::/112 dev sb0" ] || fail "bypass show: $OUT" || return 1
	sixbed4 -j bypass show && [ "$(jq -c '.[1]' <<< "$OUT")" = \
		'{"prefix":"2001:db8:9:10::/112","ifname":"sb0"}' ] ||
		fail "bypass show -j: $OUT" || return 1

	refused 2 "sb0: bypass 2001:db8:9:10::/104: bypass range must be /112 to /128" "" \
		bypass add 2001:db8:9:10::/104 dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:11::11/128: bypass range is not under the 6bed4 prefix" "" \
		bypass add 2001:db8:9:11::11/128 dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:10:0:0:64be:11/128: bypass range must have port 0" "" \
		bypass add 2001:db8:9:10:0:0:64be:11/128 dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:10::31/112: prefix has bits set beyond its length" "" \
		bypass add 2001:db8:9:10::31/112 dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:10::11/128: bypass range exists" "" \
		bypass add 2001:db8:9:10::11/128 dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:10::12/128: no such bypass range" "" \
		bypass del 2001:db8:9:10::12/128 dev sb0 &&
	refused 2 "sb0: prefix 2001:db8:9:11::/64: delete the bypass ranges before changing the prefix" "" \
		set dev sb0 prefix 2001:db8:9:11::/64 || return 1
	# All or nothing: one bad range keeps the good one out.
	refused 2 "sb0: bypass 2001:db8:9:10::/64: bypass range must be /112 to /128" "" \
		bypass add 2001:db8:9:10::12/128 2001:db8:9:10::/64 dev sb0 || return 1
	refused 1 "bypass add" "\"::11/\" is not an IPv6 address or PREFIX/LEN" \
		bypass add ::11/ dev sb0 &&
	# A bare address is its /128.
	expect_ok bypass add 2001:db8:9:10::13 dev sb0 &&
	expect_field sb0 '[.bypasses[] | select(. == "2001:db8:9:10::13/128")] | length' 1 &&
	expect_ok bypass del 2001:db8:9:10::13 dev sb0 &&
	refused 1 "bypass del" "which device?" bypass del 2001:db8:9:10::11/128 || return 1

	expect_ok bypass del 2001:db8:9:10::11/128 dev sb0 &&
	expect_field sb0 .bypasses '["2001:db8:9:10::/112"]' &&
	expect_ok bypass del 2001:db8:9:10::/112 dev sb0 &&
	expect_field sb0 .bypasses '[]' &&
	expect_ok set dev sb0 prefix 2001:db8:9:11::/64 || return 1

	for i in $(seq 1 65); do
		args+=("2001:db8:9:11::$(printf %x "$i")/128")
	done
	# 64 at once at most, and 64 in all.
	refused 1 "bypass add 2001:db8:9:11::41/128: at most 64 ranges at once" "" \
		bypass add "${args[@]}" dev sb0 &&
	expect_ok bypass add "${args[@]:1:64}" dev sb0 &&
	refused 2 "sb0: bypass 2001:db8:9:11::1/128: too many bypass ranges" "" \
		bypass add "${args[0]}" dev sb0 &&
	expect_field sb0 '.bypasses | length' 64
}

# allmulti DEV: does DEV receive all multicast (for proxy ND)?
allmulti()
{
	ip -d -j link show "$1" | jq -e '.[0].allmulti > 0' > /dev/null
}

test_proxy_nd_config()
{
	setup || return 1
	ip link add up0 type veth peer name up1 || return 1
	expect_field sb0 .proxy_nd '"off"' &&
	expect_ok set dev sb0 proxy-nd up0 &&
	expect_field sb0 .proxy_nd '"up0"' || return 1
	allmulti up0 ||
		fail "up0 not in allmulti mode" || return 1
	# Moving to another interface drops the first one.
	expect_ok set dev sb0 proxy-nd up1 &&
	expect_field sb0 .proxy_nd '"up1"' || return 1
	allmulti up0 &&
		{ fail "up0 still in allmulti mode"; return 1; }
	refused 2 "sb0: proxy-nd lo: proxy ND needs an Ethernet interface" "" \
		set dev sb0 proxy-nd lo &&
	refused 2 "sb0: proxy-nd sb0: proxy ND needs an Ethernet interface" "" \
		set dev sb0 proxy-nd sb0 &&
	refused 1 "proxy-nd" "no interface \"nosuch\"" set dev sb0 proxy-nd nosuch &&
	# A refused change elsewhere in the request keeps the old upstream:
	# refused by validation, before the new one is prepared...
	refused 2 "sb0: prefix 2001:db8::/40: prefix length must be 16, 32, 48 or 64" "" \
		set dev sb0 proxy-nd up0 prefix 2001:db8::/40 || return 1
	allmulti up0 &&
		{ fail "refused request left up0 in allmulti mode"; return 1; }
	# ... and by the socket, once it is (the abort path).
	expect_ok set dev sb0 prefix 2001:db8:9:10::/64 &&
	ip link add sbt type 6bed4 &&
	expect_ok set dev sbt port 26100 prefix 2001:db8:9:20::/64 &&
	ip link set sbt up || return 1
	refused 2 "sb0: UDP port is already in use" "" \
		set dev sb0 proxy-nd up0 port 26100 || return 1
	ip link del sbt
	allmulti up0 &&
		{ fail "request refused by the socket left up0 in allmulti mode"; return 1; }
	expect_field sb0 .proxy_nd '"up1"' && allmulti up1 ||
		fail "request refused by the socket dropped up1" || return 1
	expect_ok set dev sb0 proxy-nd off &&
	expect_field sb0 .proxy_nd '"off"' || return 1
	allmulti up1 &&
		{ fail "up1 still in allmulti mode"; return 1; }
	# The upstream interface going away takes proxy ND with it.
	expect_ok set dev sb0 proxy-nd up0 || return 1
	ip link del up0
	expect_field sb0 .proxy_nd '"off"'
}

# Same port, a specific address: the old socket has to go before the new
# one is bound; when that bind is refused, the old one comes back.
test_refused_rebind_restores()
{
	setup || return 1
	expect_ok set dev sb0 prefix 2001:db8:9:10::/64 &&
	udp_bound 25790 || fail "no socket on 0.0.0.0:25790" || return 1
	refused 2 "sb0: local address is not assigned to any interface" "" \
		set dev sb0 local 203.0.113.9 || return 1
	udp_bound 25790 && expect_field sb0 .listening true ||
		fail "the old socket did not come back"
}

ktap_print_header
ktap_set_plan 18
run_test "defaults: port 25790, netid 0xbed, no prefix, no socket" test_defaults
run_test "device: mtu 1280 (minimum), NOARP, no link layer, no qdisc" test_device_properties
run_test "set -> show -j round trip, text output, route lists" test_round_trip
run_test "prefix expansion of /16, /32, /48 with netid and local" test_prefix_expansion
run_test "bad prefixes refused, configuration intact" test_bad_prefix
run_test "bad port, local and netid refused, configuration intact" test_bad_port_and_local
run_test "bad routed prefixes refused, at most 10, by name" test_bad_routes
run_test "missing and non-6bed4 devices refused" test_bad_device
run_test "usage: errors name the word, help, versions, abbreviations" test_usage
run_test "ethtool -i: driver 6bed4, the module's version" test_ethtool_info
run_test "bash completion: commands, words, devices, interfaces" test_completion
run_test "JSON output valid with 0, 1 and 2 devices" test_json
run_test "set without CAP_NET_ADMIN: EPERM; show allowed" test_unprivileged
run_test "UDP socket open only while up and configured, follows changes" test_socket_follows_state
run_test "two devices: different ports coexist, same port EADDRINUSE" test_two_devices
run_test "bypass ranges: add, del, show, every refusal, at most 64" test_bypass_ranges
run_test "proxy-nd: on, moved, off, refused, upstream deleted" test_proxy_nd_config
run_test "refused rebind on the same port: the old socket comes back" test_refused_rebind_restores
ktap_finished
