#!/usr/bin/env bash
# Usage: kselftests/verdict.sh CONSOLE_LOG NAME...
#
# Judges the QEMU tests NAME... from the guest's console log, as written by
# kselftests/init ("### BOOTED", "### START NAME", "### END NAME rc=N"), and
# prints one TAP line per test plus one for the whole kernel log; with
# RESULTS set (see tools/lib.sh) the results are appended there. A NAME
# given as -NAME is reported skipped ("not in this tree"). A test fails when
# it exits neither 0 nor 4 (KSFT_SKIP, a skip), does not finish, or when a
# kernel splat appears between its START and END.
set -euo pipefail
. "$(dirname "$0")/../tools/lib.sh"
usage_if_help "$@"
[ $# -ge 1 ] || die "usage: kselftests/verdict.sh CONSOLE_LOG NAME..."
log=$1
shift
[ -f "$log" ] || die "no console log $log"

# The patterns of a kernel report that fail a run.
splat='(BUG:|WARNING:|Oops|Kernel panic|kernel BUG|general protection fault|KASAN|UBSAN|possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|detected stall|blocked for more than|soft lockup|hard LOCKUP|Call Trace:)'
console=$(tr -d '\r' <"$log")

for name in "$@"; do
	if [ "${name#-}" != "$name" ]; then
		result SKIP "qemu: ${name#-}" "not in this tree"
		continue
	fi
	body=$(awk -v n="$name" '$0 == "### START " n { f = 1; next }
		f && index($0, "### END " n " rc=") == 1 { print; exit } f' <<<"$console")
	rc=$(sed -n "s/^### END $name rc=\([0-9]*\)$/\1/p" <<<"$body" | tail -n1)
	if [ -z "$rc" ]; then
		result FAIL "qemu: $name" "did not finish (timeout or crash; see $log)"
	elif grep -qE "$splat" <<<"$body"; then
		result FAIL "qemu: $name" "kernel splat during the test"
	elif [ "$rc" -eq 0 ]; then
		result PASS "qemu: $name"
	elif [ "$rc" -eq 4 ]; then
		result SKIP "qemu: $name" "$(grep -m1 -i 'skip' <<<"$body" | tr -d '#' | cut -c1-100)"
	else
		result FAIL "qemu: $name" "exit code $rc"
	fi
done

if ! grep -q '^### BOOTED' <<<"$console"; then
	result FAIL "qemu: boot" "the guest did not reach /init"
elif first=$(grep -m1 -nE "$splat" <<<"$console"); then
	result FAIL "qemu: kernel log clean" "$(cut -c1-120 <<<"$first")"
	grep -B2 -A30 -m1 -E "$splat" <<<"$console" >&2 || true
else
	result PASS "qemu: kernel log clean"
fi
