#!/usr/bin/env bash
# Usage: tools/apply.sh [DIR]
#        tools/apply.sh --tree PATH
#        tools/apply.sh --force [DIR]
#
# Applies the series (series/*.patch) with "git am", one commit per patch,
# on a branch named p2pmem-series on top of v7.3-rc7.
#
#   DIR          new kernel tree to create (default: ./linux). The base is
#                Debian's linux-source-7.3 7.3~rc7-1~exp1, fetched and cached
#                by tools/fetch-base.sh. DIR must not exist, unless --force
#                is given, which replaces it.
#   --tree PATH  apply onto an existing kernel git checkout instead. Its HEAD
#                must be v7.3-rc7 and its work tree clean; the series goes on
#                a new branch p2pmem-series.
#
# On failure nothing is left behind: a new DIR is removed, an existing
# tree is put back on the branch it was on. Prints the tree's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

tree='' dir='' force=0
while [ $# -gt 0 ]; do
	case "$1" in
	--tree)
		[ $# -ge 2 ] || die "--tree needs a PATH"
		tree=$2
		shift 2
		;;
	--force) force=1; shift ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*)
		[ -z "$dir" ] || die "only one DIR may be given"
		dir=$1
		shift
		;;
	esac
done
[ -z "$tree" ] || [ -z "$dir" ] || die "give either DIR or --tree PATH, not both"

mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "no patches in $PROJECT_ROOT/series"
"$PROJECT_ROOT/tools/deps.sh" apply
need_cmd git
git_ident

# am_series TREE: apply every patch; on failure name it and return 1.
am_series() {
	local t=$1 p
	for p in "${patches[@]}"; do
		if ! git -C "$t" am -q --keep-cr "$p" >/dev/null 2>&1; then
			git -C "$t" am --abort >/dev/null 2>&1 || true
			echo "${0##*/}: error: patch does not apply: series/${p##*/}" >&2
			return 1
		fi
	done
}

if [ -n "$tree" ]; then
	git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 || die "$tree is not a git checkout"
	tree=$(cd "$tree" && pwd)
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		die "$tree has uncommitted changes: commit or stash them first"
	if git -C "$tree" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
		[ "$(git -C "$tree" rev-parse HEAD)" = "$(git -C "$tree" rev-parse "$BASE_TAG^{commit}")" ] ||
			die "$tree is not at $BASE_TAG (HEAD is $(git -C "$tree" describe --always HEAD)): git checkout $BASE_TAG first"
	else
		grep -q '^PATCHLEVEL = 3$' "$tree/Makefile" && grep -q '^EXTRAVERSION = -rc7$' "$tree/Makefile" ||
			die "$tree is not at $BASE_TAG (no such tag, and its Makefile is not 7.3-rc7)"
	fi
	git -C "$tree" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null &&
		die "$tree already has a branch $SERIES_BRANCH: delete or rename it first"
	prev=$(git -C "$tree" symbolic-ref -q --short HEAD || git -C "$tree" rev-parse HEAD)
	git -C "$tree" checkout -q -b "$SERIES_BRANCH"
	if ! am_series "$tree"; then
		git -C "$tree" checkout -q "$prev"
		git -C "$tree" branch -q -D "$SERIES_BRANCH"
		exit 1
	fi
	echo "$tree"
	exit 0
fi

dir=${dir:-linux}
if [ -e "$dir" ]; then
	[ $force -eq 1 ] || die "$dir exists: remove it, pass --force to replace it, or use --tree"
	git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 || die "$dir exists and is not a git tree: not replacing it"
fi
base=$("$PROJECT_ROOT/tools/fetch-base.sh")
parent=$(cd "$(dirname "$dir")" && pwd)
new=$(mktemp -d "$parent/.apply.XXXXXX")
trap 'rm -rf "$new"' EXIT
git clone -q --no-checkout "$base" "$new/linux"
git -C "$new/linux" checkout -q -b "$SERIES_BRANCH" "$BASE_TAG"
am_series "$new/linux" || exit 1
rm -rf "$dir"
mv "$new/linux" "$dir"
echo "$(cd "$dir" && pwd)"
