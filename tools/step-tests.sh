#!/usr/bin/env bash
# Usage: tools/step-tests.sh [--last] [--only NAMES] TREE COMMIT
#
# Prints, comma-separated, the QEMU tests (kselftests/tests.list) to run on
# the kernel of COMMIT in TREE: every test, except that a test named in
# kselftests/gates.list runs only when COMMIT touches one of its paths or
# with --last (the last step of the series), and a test whose selftest
# program is not in the tree at COMMIT is left out. --only NAMES
# (comma-separated) restricts the choice to those tests. Prints nothing
# when no test is left.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
last=0 only=''
while [ $# -gt 0 ]; do
	case "$1" in
	--last)
		last=1
		shift
		;;
	--only)
		[ $# -ge 2 ] || die "--only needs test names"
		only=$2
		shift 2
		;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die "usage: tools/step-tests.sh [--last] [--only NAMES] TREE COMMIT"
tree=$1 commit=$2
git -C "$tree" rev-parse -q --verify "$commit^{commit}" >/dev/null || die "no commit '$commit' in $tree"

list=$PROJECT_ROOT/kselftests/tests.list
gates=$PROJECT_ROOT/kselftests/gates.list
# in_tree NAME: whether every selftest program the command of NAME runs is
# in the tree at COMMIT, as kselftests/run.sh looks for it (guest/ scripts
# are the project's own). A test that would be skipped as "not in this
# tree" is not selected, so that a step selecting only such tests does not
# boot a kernel for nothing.
in_tree() {
	local w p
	for w in $(awk -v n="$1" '$1 == n { $1 = $2 = ""; print; exit }' "$list"); do
		p=$(selftest_source "$w")
		case "$p" in '' | kselftests/*) continue ;; esac
		git -C "$tree" cat-file -e "$commit:$p" 2>/dev/null || return 1
	done
}

names=()
while read -r name _; do
	case "$name" in '' | '#'*) continue ;; esac
	if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then
		continue
	fi
	# shellcheck disable=SC2046 # the gate's paths are words
	paths=$(awk -v n="$name" '$1 == n { $1 = ""; print }' "$gates")
	if [ -n "$paths" ] && [ $last -eq 0 ]; then
		# shellcheck disable=SC2086
		[ -n "$(git -C "$tree" diff --name-only "$commit^" "$commit" -- $paths)" ] || continue
	fi
	in_tree "$name" || continue
	names+=("$name")
done <"$list"
(IFS=,; echo "${names[*]}")
