#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YAML spec (Documentation/netlink/specs/6bed4.yaml) against the
# running module: the kernel's YNL client, driven only by the spec, must
# validate it against the genetlink schema, encode requests the module
# accepts and decode replies to the same values the 6bed4 tool shows.

source "$(dirname "$0")/lib.sh"

SPEC=$SELFTEST_DIR/../Documentation/netlink/specs/6bed4.yaml
for YNL_DIR in "$SELFTEST_DIR/../../../../net/ynl" \
	       "$SELFTEST_DIR/../.cache/linux-source-6.12/tools/net/ynl"; do
	[ -r "$YNL_DIR/cli.py" ] && break
done
SCHEMA=$YNL_DIR/../../../Documentation/netlink/genetlink.yaml

ynl()
{
	/usr/bin/python3 "$YNL_DIR/cli.py" --spec "$SPEC" --schema "$SCHEMA" \
		--output-json "$@"
}

setup()
{
	cleanup_all
	ip addr add 192.0.2.1/24 dev lo 2>/dev/null
	ip link add sb0 type 6bed4 && ip link set sb0 up
}

test_ynl_set()
{
	setup || return 1
	# YNL takes raw values: 192.0.2.1 is 0xc0000201.
	ynl --do set-dev --json '{"ifname": "sb0", "local": 3221225985,
		"port": 4000, "netid": 18, "prefix-len": 48,
		"prefix": "20010db8000900000000000000000000"}' > /tmp/ynl.out 2>&1 ||
		fail "ynl set-dev: $(cat /tmp/ynl.out)" || return 1
	expect_field sb0 .local '"192.0.2.1"' &&
	expect_field sb0 .port 4000 &&
	expect_field sb0 .netid 18 &&
	expect_field sb0 .prefix '"2001:db8:9:12::/64"' &&
	expect_field sb0 .listening true
}

test_ynl_get()
{
	local y t

	setup || return 1
	expect_ok set dev sb0 local 192.0.2.1 port 4001 netid 7 \
		prefix 2001:db8:9:10::/64 route 2001:db8:aaaa::/48 || return 1
	y=$(ynl --do get-dev --json '{"ifname": "sb0"}') || fail "ynl get-dev failed" || return 1
	t=$(dev_json sb0)
	# Same values, decoded from the spec alone.
	[ "$(jq -c '[.ifindex, .ifname, .local, .port, .netid, .["prefix-len"], .listening]' <<< "$y")" = \
	  "$(jq -c '[.ifindex, .ifname, .local, .port, .netid, 64, true]' <<< "$t")" ] ||
		fail "ynl: $y; tool: $t" || return 1
	# Its display hints print addresses as text.
	[ "$(jq -r .prefix <<< "$y")" = "2001:db8:9:10::" ] ||
		fail "ynl prefix: $(jq -r .prefix <<< "$y")" || return 1
	# Indexed-array entries decode as {"INDEX": {...}}.
	jq -e '.routes[0]["1"]["prefix-len"] == 48 and
	       .routes[0]["1"].prefix == "2001:db8:aaaa::"' <<< "$y" > /dev/null ||
		fail "ynl routes: $(jq -c .routes <<< "$y")" || return 1
	jq -e '.stats | has("rx-packets") and has("tx-dropped")' <<< "$y" > /dev/null ||
		fail "ynl stats: $(jq -c .stats <<< "$y")"
}

test_ynl_dump()
{
	setup || return 1
	ip link add sb1 type 6bed4 || return 1
	[ "$(ynl --dump get-dev | jq -c '[.[].ifname] | sort')" = '["sb0","sb1"]' ] ||
		fail "ynl dump: $(ynl --dump get-dev)"
}

test_ynl_errors()
{
	setup || return 1
	ynl --do set-dev --json '{"ifname": "sb0", "port": 0}' > /tmp/ynl.out 2>&1 &&
		{ fail "port 0 accepted"; return 1; }
	grep -q "integer out of range" /tmp/ynl.out && grep -q "'bad-attr': '.port'" /tmp/ynl.out ||
		fail "ynl error lacks the extack: $(cat /tmp/ynl.out)"
}

ktap_print_header
if [ ! -r "$YNL_DIR/cli.py" ] || ! /usr/bin/python3 -c 'import yaml, jsonschema' 2>/dev/null; then
	ktap_skip_all "YNL (tools/net/ynl) or python3-yaml/jsonschema missing"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4
run_test "YNL set-dev from the spec configures the device" test_ynl_set
run_test "YNL get-dev decodes what the tool shows" test_ynl_get
run_test "YNL dump lists every device" test_ynl_dump
run_test "YNL shows the kernel's extack and bad attribute" test_ynl_errors
ktap_finished
