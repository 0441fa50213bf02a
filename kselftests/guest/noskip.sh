#!/bin/sh
# Usage: noskip.sh PROGRAM [ARGS...]
# Run a kselftest and fail it when it skipped anything: in this QEMU setup
# every resource the series' tests need is present, so a skip is a setup bug.
out=/tmp/noskip.$$
"$@" >"$out" 2>&1
rc=$?
cat "$out"
if grep -qE '^(not )?ok [0-9]+ .*# SKIP|^# SKIP|^ok [0-9]+ # SKIP' "$out"; then
	echo "# noskip: $1 skipped a test; the QEMU setup should provide everything"
	rc=1
fi
rm -f "$out"
exit $rc
