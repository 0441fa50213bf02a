#!/usr/bin/env bash
# Usage: tools/regen.sh [--check] [TREE]
#
# Regenerates series/ (git format-patch of v7.3-rc7..p2pmem-series in the
# kernel tree TREE, default ./linux) and cover-letter.txt (subject and text
# from cover/cover.txt, then the shortlog, diffstat and base that git
# format-patch writes).
#
#   --check   write nothing; fail, showing the difference, when series/ or
#             cover-letter.txt differ from what the branch regenerates.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

check=0 tree=''
for a in "$@"; do
	case "$a" in
	--check) check=1 ;;
	-*) die "unknown option '$a' (see --help)" ;;
	*) tree=$a ;;
	esac
done
tree=${tree:-$PROJECT_ROOT/linux}
git -C "$tree" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null ||
	die "$tree has no branch $SERIES_BRANCH (make one with tools/apply.sh)"
cover=$PROJECT_ROOT/cover/cover.txt
[ -f "$cover" ] || die "missing $cover"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir "$out/series"
git -C "$tree" -c core.abbrev=12 format-patch -q --numbered --cover-letter --zero-commit --no-signature \
	--base="$BASE_TAG" -o "$out/series" "$BASE_TAG..$SERIES_BRANCH"

# Fill the cover letter in from cover/cover.txt, dated like the last patch
# so that regenerating an unchanged branch gives identical files.
cl=$out/series/0000-cover-letter.patch
last=$(ls "$out"/series/*.patch | tail -n1)
date=$(grep -m1 '^Date: ' "$last")
subject=$(head -n1 "$cover")
[ -z "$(sed -n 2p "$cover")" ] || die "$cover: the second line must be empty (first line is the subject)"
awk -v subj="$subject" -v date="$date" -v blurb="$cover" '
	/^Date: / { print date; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/^\*\*\* BLURB HERE \*\*\*$/ {
		n = 0
		while ((getline line < blurb) > 0)
			if (++n > 2)
				print line
		next
	}
	{ print }' "$cl" >"$out/cover-letter.txt"
rm "$cl"

if [ $check -eq 1 ]; then
	rc=0
	diff -ru "$PROJECT_ROOT/series" "$out/series" || rc=1
	diff -u "$PROJECT_ROOT/cover-letter.txt" "$out/cover-letter.txt" || rc=1
	[ $rc -eq 0 ] || die "series/ or cover-letter.txt differ from branch $SERIES_BRANCH of $tree: run tools/regen.sh"
	exit 0
fi
rm -rf "$PROJECT_ROOT/series"
mv "$out/series" "$PROJECT_ROOT/series"
mv "$out/cover-letter.txt" "$PROJECT_ROOT/cover-letter.txt"
log "wrote $(series_patches | wc -l) patches to series/ and cover-letter.txt"
