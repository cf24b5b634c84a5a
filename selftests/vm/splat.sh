#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Succeeds, printing the offending lines, if a kernel log holds a splat:
# a warning, a bug, a lockup or stall, a hung task, a leaked device
# reference, or the module's own report of a lost socket.
#
# usage: splat.sh [-t] LOG
#   -t  print the trace: from the first offending line on (80 lines at most)
# (lockdep and PROVE_RCU report under WARNING:, BUG: or INFO:; the word
# "lockdep" alone is in a debug kernel's boot banner.)
pattern='WARNING:|BUG:|BUG |Oops|KASAN|UBSAN|INFO: trying to register'
pattern+='|suspicious RCU usage|possible recursive locking'
pattern+='|circular locking|Call Trace|kernel panic|Kernel panic|refcount_t'
pattern+='|general protection fault|list_(add|del) corruption'
pattern+='|rcu: INFO|detected stalls? on CPU|soft lockup|hard LOCKUP'
pattern+='|blocked for more than|unregister_netdevice: waiting for'
pattern+='|lost UDP socket'

if [ "${1:-}" = -t ]; then
	tr -d '\r' < "$2" | awk -v re="$pattern" \
		'!found && $0 ~ re { found = 1 } found && n++ < 80 { print } END { exit !found }'
	exit
fi
grep -aE -m 20 "$pattern" "$1"
