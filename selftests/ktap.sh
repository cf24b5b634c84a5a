#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KTAP output for the 6bed4 selftests and the VM runner's own tests: the
# kernel's ktap_helpers.sh, one test case per function, failures that say
# why as a KTAP diagnostic ("# FAIL: ...") and return non-zero.

KTAP_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

# ktap_helpers.sh: beside us in a kernel tree, else taken at build time from
# Debian's linux-source-6.12 (see the top-level Makefile).
for KTAP_HELPERS in \
	"${KTAP_HELPERS:-}" \
	"$KTAP_DIR/../../kselftest/ktap_helpers.sh" \
	"$KTAP_DIR/../.cache/linux-source-6.12/tools/testing/selftests/kselftest/ktap_helpers.sh"; do
	[ -r "$KTAP_HELPERS" ] && break
done
# shellcheck source=/dev/null
source "$KTAP_HELPERS" || { echo "Bail out! ktap_helpers.sh not found"; exit 1; }

# run_test DESCRIPTION FUNCTION [ARGS...]: one KTAP test case; FUNCTION
# returns 0 when it passes, $KSFT_SKIP when it cannot tell (having said
# why), anything else when it fails.
run_test()
{
	local desc=$1 rc

	shift
	"$@"
	rc=$?
	if [ $rc = 0 ]; then
		ktap_test_pass "$desc"
	elif [ $rc = "$KSFT_SKIP" ]; then
		ktap_test_skip "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

fail()
{
	echo "# FAIL: $*"
	return 1
}

