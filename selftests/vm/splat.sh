#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Succeeds, printing the offending lines, if a kernel log holds a splat.
# usage: splat.sh DMESG-FILE
grep -E -m 20 'WARNING:|BUG:|BUG |Oops|KASAN|UBSAN|lockdep|possible recursive locking|circular locking|Call Trace|kernel panic|Kernel panic|refcount_t|general protection fault|list_(add|del) corruption' "$1"
