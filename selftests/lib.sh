#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the 6bed4 selftests: KTAP output, the tool, netns
# handling and assertions. Every assertion prints why it failed as a KTAP
# diagnostic ("# ...") and returns non-zero.

SELFTEST_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

# ktap_helpers.sh: beside us in a kernel tree, else taken at build time from
# Debian's linux-source-6.12 (see the top-level Makefile).
for KTAP_HELPERS in \
	"${KTAP_HELPERS:-}" \
	"$SELFTEST_DIR/../../kselftest/ktap_helpers.sh" \
	"$SELFTEST_DIR/../.cache/linux-source-6.12/tools/testing/selftests/kselftest/ktap_helpers.sh"; do
	[ -r "$KTAP_HELPERS" ] && break
done
# shellcheck source=/dev/null
source "$KTAP_HELPERS" || { echo "Bail out! ktap_helpers.sh not found"; exit 1; }

# The tool: from this repository if built here, else from PATH.
SIXBED4=${SIXBED4:-$SELFTEST_DIR/../tools/6bed4}
[ -x "$SIXBED4" ] || SIXBED4=$(command -v 6bed4)

NS_LIST=()

cleanup_all()
{
	local ns

	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	ip -o link show type 6bed4 2>/dev/null | awk -F': ' '{print $2}' |
		while read -r dev; do ip link del "$dev"; done
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

# run_test DESCRIPTION FUNCTION [ARGS...]: one KTAP test case.
run_test()
{
	local desc=$1

	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

fail()
{
	echo "# FAIL: $*"
	return 1
}

# sixbed4 ARGS...: run the tool, keeping its output in $OUT and $ERR.
sixbed4()
{
	local rc

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
	"$SIXBED4" -j show dev "$1" | jq -cS '.[0] | del(.stats)'
}

# udp_bound PORT [NS]: something listens on UDP PORT.
udp_bound()
{
	local ns=${2:+ip netns exec $2}

	$ns ss -Hlun "sport = :$1" | grep -q .
}

module_loaded()
{
	[ -d /sys/module/6bed4 ]
}

module_refcnt()
{
	cat /sys/module/6bed4/refcnt 2>/dev/null
}
