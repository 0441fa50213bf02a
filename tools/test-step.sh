#!/usr/bin/env bash
# Usage: tools/test-step.sh [--tests NAMES] [--tests-from TREE] N
#
# Applies series/ as it is now and builds the debug test kernel of step N of
# the series (N patches applied; 0 is the base) in ./build/linux and
# ./build/debug, the tree and build directory tools/check.sh uses, and runs
# the QEMU tests on it (only NAMES, comma-separated, with --tests). Tests
# whose programs do not exist yet at step N are skipped. Ends with
# "N passed, N failed".
#
#   --tests-from TREE  take the selftests from TREE (e.g. ./linux, the tip):
#                      a test of new behaviour must fail on the step before
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
only=()
from=()
n=""
while [ $# -gt 0 ]; do
	case "$1" in
	--tests-from)
		[ $# -ge 2 ] || die "--tests-from needs a tree"
		from=(--tests-from "$(cd "$2" && pwd)")
		shift 2
		;;
	--tests)
		[ $# -ge 2 ] || die "--tests needs test names"
		only=(--only "$2")
		shift 2
		;;
	*[!0-9]* | '') die "N must be a number, not '$1' (see --help)" ;;
	*)
		n=$1
		shift
		;;
	esac
done
[ -n "$n" ] || die "usage: tools/test-step.sh [--tests NAMES] N"
total=$(series_patches | wc -l)
[ "$n" -le "$total" ] || die "the series has $total patches; no step $n"

cd "$PROJECT_ROOT"
mkdir -p build
export RESULTS=$PROJECT_ROOT/build/results-step
: >"$RESULTS"
tree=build/linux
# Apply series/ as it is now: a branch left by an earlier run may hold an
# older version of it.
tools/apply.sh --force "$tree" >/dev/null
commit=$(git -C "$tree" rev-list --reverse "$BASE_TAG..$SERIES_BRANCH" | sed -n "${n}p")
git -C "$tree" checkout -q "${commit:-$BASE_TAG}"
trap 'git -C "$tree" checkout -q "$SERIES_BRANCH"' EXIT
log "step $n: $(git -C "$tree" log -1 --format=%s)"
tools/build.sh "$tree" build/debug test debug
kselftests/run.sh "${only[@]}" "${from[@]}" "$tree" build/debug || true
summary
