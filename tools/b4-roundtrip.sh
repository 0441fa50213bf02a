#!/usr/bin/env bash
# Usage: tools/b4-roundtrip.sh [TREE]
#
# What a maintainer does with the posted series, offline: packs
# cover-letter.txt and series/*.patch into one mbox (the thread as it
# would arrive), runs "b4 am" on that local mbox, and "git am"s the .mbx
# b4 makes onto v7.3-rc7 (a clone of the cached base,
# ~/.cache/p2p-series/base/linux). Passes when b4 finds the whole series
# and its base-commit, every patch applies, and each resulting commit has
# the tree, author and subject of the matching commit of branch
# p2pmem-series in TREE (default ./linux). Prints one TAP line; with
# RESULTS set (see tools/lib.sh) the result is appended there.
#
# b4 runs with an empty HOME and no git configuration, so that no b4
# setting can send it to the network, and in a network namespace of its
# own (unshare -n) when it can make one: it cannot reach the network.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
case "${1:-}" in -*) die "unknown option '$1' (see --help)" ;; esac
[ $# -le 1 ] || die "usage: tools/b4-roundtrip.sh [TREE]"
tree=${1:-$PROJECT_ROOT/linux}
git -C "$tree" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null 2>&1 ||
	die "$tree has no branch $SERIES_BRANCH (make one with tools/apply.sh)"
need_cmd b4 git
[ -d "$BASE_GIT" ] || die "no cached base at $BASE_GIT (run tools/fetch-base.sh)"
cover=$PROJECT_ROOT/cover-letter.txt
[ -f "$cover" ] || die "missing $cover (run tools/regen.sh)"
mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "no patches in $PROJECT_ROOT/series"
name="b4 am round trip"

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() {
	printf '%s\n' "$@" | sed 's/^/#   /'
	result FAIL "$name" "${1%%$'\n'*}"
	exit 1
}

# b4's log, less the archive links it prints for the cover letter.
b4_log() { grep -vE '^ *Link: ' "$t/b4.log" || true; }

# The thread as an mbox: each message starts with its "From " line; a body
# line that starts with "From " is quoted (mboxrd).
for f in "$cover" "${patches[@]}"; do
	head -n1 "$f" | grep -q '^From ' || fail "${f#"$PROJECT_ROOT"/} does not start with an mbox From line"
	grep -qi '^Message-Id: <' "$f" || fail "${f#"$PROJECT_ROOT"/} has no Message-Id (run tools/regen.sh)"
	sed '1!s/^\(>*From \)/>\1/' "$f"
done >"$t/thread.mbox"

# b4 am, offline: from the local mbox only, with nothing configured. The
# mbox goes in on stdin ("-m -"), which b4 splits with git mailsplit: b4
# 0.12 (Debian 12) reads an mbox file given by name with Python's mailbox
# module, which keeps folded headers folded and then fails on them.
# b4 needs a git identity (it fails silently without one): the one git
# has here, passed on alone.
git_ident
ident=$(git -C "$PROJECT_ROOT" var GIT_COMMITTER_IDENT | sed -E 's/ [0-9]+ [-+][0-9]{4}$//')
mkdir "$t/home" "$t/am"
git clone -q --shared --no-checkout "$BASE_GIT" "$t/base"
offline=()
if unshare -n true 2>/dev/null; then
	offline=(unshare -n)
fi
if ! (cd "$t/base" && env -i PATH="$PATH" HOME="$t/home" XDG_CONFIG_HOME="$t/home/.config" \
	XDG_CACHE_HOME="$t/home/.cache" XDG_DATA_HOME="$t/home/.local/share" \
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LANG=C.UTF-8 GIT_CONFIG_COUNT=2 \
	GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="${ident% <*}" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$(sed -E 's/.*<(.*)>$/\1/' <<<"$ident")" \
	http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy='' \
	"${offline[@]}" b4 am --no-cache -m - -o "$t/am" -n series) <"$t/thread.mbox" >"$t/b4.log" 2>&1; then
	fail "b4 am failed: $(b4_log | tail -n1)" "$(b4_log)"
fi
grep -E '^(Total patches|WARNING|ERROR|---> |  *Base:)' "$t/b4.log" | sed 's/^ */# b4: /' || true
[ -f "$t/am/series.mbx" ] || fail "b4 am wrote no series.mbx" "$(b4_log)"
mapfile -t want < <(git -C "$tree" rev-list --reverse "$BASE_TAG..$SERIES_BRANCH")
got=$(grep -m1 -oE 'Total patches: [0-9]+' "$t/b4.log" | grep -oE '[0-9]+$' || echo 0)
[ "$got" -eq ${#want[@]} ] || fail "b4 am found $got patches, the branch has ${#want[@]}" "$(b4_log)"
grep -q 'Base: using specified base-commit' "$t/b4.log" ||
	fail "b4 am did not take the cover letter's base-commit" "$(grep 'Base:' "$t/b4.log" || true)"

# git am onto the base, and compare with the branch commit by commit.
git -C "$t/base" checkout -q "$BASE_TAG"
git -C "$t/base" am -q --keep-cr "$t/am/series.mbx" >"$t/am.log" 2>&1 ||
	fail "git am of b4's series.mbx onto $BASE_TAG failed" "$(cat "$t/am.log")"
mapfile -t mine < <(git -C "$t/base" rev-list --reverse "$BASE_TAG..HEAD")
[ ${#mine[@]} -eq ${#want[@]} ] || fail "git am made ${#mine[@]} commits, the branch has ${#want[@]}"
fmt='%T %an <%ae> %s'
for i in "${!want[@]}"; do
	a=$(git -C "$t/base" log -1 --format="$fmt" "${mine[$i]}")
	b=$(git -C "$tree" log -1 --format="$fmt" "${want[$i]}")
	[ "$a" = "$b" ] || fail "patch $((i + 1)) differs from the branch" "b4 am + git am: $a" "branch:        $b"
done
result PASS "$name" "${#mine[@]} patches applied on $BASE_TAG, each commit's tree as on $SERIES_BRANCH"
