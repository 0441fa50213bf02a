#!/usr/bin/env bash
# Usage: tools/regen.sh [--check] [TREE]
#
# Regenerates series/ (git format-patch of v7.3-rc7..p2pmem-series in the
# kernel tree TREE, default ./linux) and cover-letter.txt (subject and text
# from cover/cover.txt, then the shortlog, diffstat and base that git
# format-patch writes, and b4's change-id), as a thread ready to post:
#   - subjects "[PATCH v2 NN/MM]" (SERIES_VERSION in tools/lib.sh);
#   - every message has a Message-Id made from the series' fixed b4
#     change-id, the version and its number (tools/lib.sh series_msgid,
#     at the domain of the git identity of TREE); every patch is In-Reply-To
#     the cover letter;
#   - To: the maintainers and reviewers, Cc: the lists that TREE's
#     scripts/get_maintainer.pl (--nogit --nogit-fallback --norolestats,
#     with the branch's MAINTAINERS, whatever TREE has checked out) names
#     for the patch; the cover letter gets the union of all of them.
# cover/cover.txt must keep a changelog: a "Changes in v2:" section for
# this version (and the older ones below it).
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
	*)
		[ -z "$tree" ] || die "only one TREE may be given"
		tree=$a
		;;
	esac
done
tree=${tree:-$PROJECT_ROOT/linux}
git -C "$tree" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null ||
	die "$tree has no branch $SERIES_BRANCH (make one with tools/apply.sh)"
tree=$(cd "$tree" && pwd)
cover=$PROJECT_ROOT/cover/cover.txt
[ -f "$cover" ] || die "missing $cover"
[ -z "$(sed -n 2p "$cover")" ] || die "$cover: the second line must be empty (first line is the subject)"
grep -q "^Changes in v$SERIES_VERSION:\$" "$cover" ||
	die "$cover has no 'Changes in v$SERIES_VERSION:' section: the cover letter keeps a changelog per version"
git -C "$tree" cat-file -e "$SERIES_BRANCH:scripts/get_maintainer.pl" 2>/dev/null ||
	die "branch $SERIES_BRANCH of $tree has no scripts/get_maintainer.pl"
# The domain of the Message-Ids: that of the identity git gives the cover
# letter's From: line.
ident=$(git -C "$tree" var GIT_COMMITTER_IDENT) || die "git has no identity in $tree (git config user.email)"
domain=$(sed -E 's/.*<[^>@]*@([^>]*)>.*/\1/' <<<"$ident")
if [ -z "$domain" ] || [ "$domain" = "$ident" ]; then
	die "the git identity '$ident' has no e-mail domain"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir "$out/series"
git -C "$tree" -c core.abbrev=12 format-patch -q --numbered --cover-letter --zero-commit --no-signature \
	--subject-prefix="PATCH v$SERIES_VERSION" --base="$BASE_TAG" -o "$out/series" "$BASE_TAG..$SERIES_BRANCH"

# Fill the cover letter in from cover/cover.txt, dated like the last patch
# so that regenerating an unchanged branch gives identical files; b4's
# change-id goes below the base-commit.
cl=$out/series/0000-cover-letter.patch
last=$(ls "$out"/series/*.patch | tail -n1)
date=$(grep -m1 '^Date: ' "$last")
subject=$(head -n1 "$cover")
awk -v subj="$subject" -v date="$date" -v blurb="$cover" -v cid="$SERIES_CHANGE_ID" '
	/^Date: / { print date; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj) }
	/^\*\*\* BLURB HERE \*\*\*$/ {
		n = 0
		while ((getline line < blurb) > 0)
			if (++n > 2)
				print line
		next
	}
	{ print }
	/^base-commit: / { print "change-id: " cid }' "$cl" >"$out/cover-letter.txt"
rm "$cl"
grep -q '^change-id: ' "$out/cover-letter.txt" || die "git format-patch wrote no base-commit line"

# Recipients, as the branch's get_maintainer.pl, MAINTAINERS and .mailmap
# give them whatever TREE has checked out: get_maintainer.pl also looks at
# which directories exist, so it runs in a skeleton of the branch (its
# directories, and the top-level files by which it knows a kernel tree).
sk=$out/skeleton
mkdir "$sk"
git -C "$tree" ls-tree -r -d --name-only "$SERIES_BRANCH" | (cd "$sk" && xargs mkdir -p)
for f in MAINTAINERS .mailmap COPYING CREDITS Kbuild Makefile README scripts/get_maintainer.pl; do
	git -C "$tree" show "$SERIES_BRANCH:$f" >"$sk/$f" 2>/dev/null || : >"$sk/$f"
done
# recipients PATCH: "to ADDRESS" (people) and "cc ADDRESS" (lists) lines.
recipients() {
	local r
	# Perl randomises hash order per process; fix it, for one order of
	# equally ranked maintainers on every run.
	r=$(cd "$sk" && HOME=$out PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats \
		"$1" 2>/dev/null) || die "get_maintainer.pl failed on ${1##*/}"
	awk '/</ { print "to " $0; next } NF { print "cc " $0 }' <<<"$r"
}
# header KIND ADDRESS...: a To: or Cc: header as git format-patch writes it.
header() {
	local kind=$1
	shift
	[ $# -gt 0 ] || return 0
	printf '%s' "$kind: $1"
	shift
	[ $# -eq 0 ] || printf ',\n    %s' "$@"
	echo
}
# address_headers FILE: the To: and Cc: headers for the recipient lines of
# FILE, each address once, in get_maintainer.pl's order; a list already in
# To: is not repeated in Cc:.
address_headers() {
	local to cc
	mapfile -t to < <(awk '$1 == "to" && !seen[$0]++ { sub(/^to /, ""); print }' "$1")
	mapfile -t cc < <(awk '$1 == "to" { t[substr($0, 4)] = 1 }
		$1 == "cc" && !seen[$0]++ && !(substr($0, 4) in t) { sub(/^cc /, ""); print }' "$1")
	header To "${to[@]}"
	header Cc "${cc[@]}"
}
# add_headers FILE N ADDRESS_HEADERS: Message-Id (and In-Reply-To,
# References to the cover letter for N > 0) after the mbox From line, To:
# and Cc: at the end of the header, where git format-patch puts them.
add_headers() {
	local f=$1 n=$2 ids
	ids="Message-Id: <$(series_msgid "$n" "$domain")>"
	[ "$n" -eq 0 ] || ids+=$'\n'"In-Reply-To: <$(series_msgid 0 "$domain")>"$'\n'"References: <$(series_msgid 0 "$domain")>"
	awk -v ids="$ids" -v addr="$3" '
		NR == 1 { print; print ids; next }
		hdr == 0 && /^$/ { if (addr != "") print addr; hdr = 1 }
		{ print }' "$f" >"$f.new"
	mv "$f.new" "$f"
}
# get_maintainer.pl on every patch, as many at once as CPUs.
mkdir "$out/rcpt"
n=0
for p in "$out"/series/*.patch; do
	n=$((n + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
	recipients "$p" >"$out/rcpt/$n" &
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n; done
: >"$out/all"
n=0
for p in "$out"/series/*.patch; do
	n=$((n + 1))
	[ -s "$out/rcpt/$n" ] || die "get_maintainer.pl named nobody for ${p##*/}"
	cat "$out/rcpt/$n" >>"$out/all"
	add_headers "$p" "$n" "$(address_headers "$out/rcpt/$n")"
done
add_headers "$out/cover-letter.txt" 0 "$(address_headers "$out/all")"
rm -r "$out/all" "$out/rcpt" "$sk"

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
