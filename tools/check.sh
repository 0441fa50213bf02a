#!/usr/bin/env bash
# Usage: tools/check.sh [--tests NAMES]
#
# The project's test command. On a fresh machine it installs what it needs,
# applies the series onto v7.3-rc7 in ./build/linux, and then checks:
#   - series/ and cover-letter.txt are what the branch regenerates;
#   - every patch is checkpatch.pl --strict clean;
#   - every step of the series builds, both with the test configuration
#     (configs/test.config + configs/debug.config) and with the features
#     the series touches turned off (configs/off.config);
#   - the QEMU tests (kselftests/tests.list) pass on the debug kernel of
#     the last step, with no kernel splat.
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
#
#   --tests NAMES   run only these QEMU tests (comma-separated)
#
# Build directories are ./build/{debug,off}; ccache and the base live in
# ~/.cache/p2p-series. ./linux, the tree you develop in, is not touched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
only=()
while [ $# -gt 0 ]; do
	case "$1" in
	--tests)
		[ $# -ge 2 ] || die "--tests needs test names"
		only=(--only "$2")
		shift 2
		;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

cd "$PROJECT_ROOT"
export RESULTS=$PROJECT_ROOT/build/results
mkdir -p build
: >"$RESULTS"
start=$SECONDS
step() { echo "# $* ($((SECONDS - start))s)"; }

step "installing dependencies"
tools/deps.sh
step "applying the series"
tree=$(tools/apply.sh --force build/linux)

step "checking series/ against the branch"
if tools/regen.sh --check "$tree"; then
	result PASS "series/ and cover-letter.txt match the branch"
else
	result FAIL "series/ and cover-letter.txt match the branch"
fi

step "checkpatch"
tools/checkpatch.sh "$tree" || true

# Build every step, oldest first, so each build is incremental.
mapfile -t commits < <(git -C "$tree" rev-list --reverse "$BASE_TAG..$SERIES_BRANCH")
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	subj=$(git -C "$tree" log -1 --format=%s "$c")
	git -C "$tree" checkout -q "$c"
	for cfg in debug off; do
		frags=off
		[ $cfg = debug ] && frags="test debug"
		step "building step $i/${#commits[@]} ($cfg): $subj"
		# shellcheck disable=SC2086
		if tools/build.sh "$tree" "build/$cfg" $frags; then
			result PASS "build $cfg: $i/${#commits[@]} $subj"
		else
			result FAIL "build $cfg: $i/${#commits[@]} $subj"
		fi
	done
done
git -C "$tree" checkout -q "$SERIES_BRANCH"

step "QEMU tests on the debug kernel of the last step"
kselftests/run.sh "${only[@]}" "$tree" build/debug || result FAIL "qemu: harness" "kselftests/run.sh failed"

step "done"
summary
