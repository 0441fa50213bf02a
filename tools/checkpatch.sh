#!/usr/bin/env bash
# Usage: tools/checkpatch.sh TREE [PATCH...]
#
# Runs TREE's scripts/checkpatch.pl --strict on each PATCH (default: every
# patch in series/) and prints one TAP line per patch; with RESULTS set (see
# tools/lib.sh) the results are appended there. Fails if any patch has an
# error, warning or check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -ge 1 ] || die "usage: tools/checkpatch.sh TREE [PATCH...]"
tree=$1
shift
[ -x "$tree/scripts/checkpatch.pl" ] || die "$tree has no scripts/checkpatch.pl"
if [ $# -eq 0 ]; then
	mapfile -t ps < <(series_patches)
else
	ps=("$@")
fi
# A tree imported from the Debian package has no history before the base,
# so checkpatch cannot look the ids of Fixes: tags up there; a mainline
# tree can.
ignore=()
if ! git -C "$tree" rev-parse -q --verify "$BASE_TAG^" >/dev/null 2>&1; then
	ignore=(--ignore UNKNOWN_COMMIT_ID)
fi
rc=0
for p in "${ps[@]}"; do
	# spdxcheck.py needs the python3-ply and python3-git of the system python.
	if out=$(cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict "${ignore[@]}" --quiet --no-summary --terse "$p" 2>&1) && [ -z "$out" ]; then
		result PASS "checkpatch --strict: ${p##*/}"
	else
		printf '%s\n' "$out" | sed 's/^/#   /'
		result FAIL "checkpatch --strict: ${p##*/}"
		rc=1
	fi
done
exit $rc
