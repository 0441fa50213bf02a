#!/usr/bin/env bash
# Usage: tools/sparse.sh TREE BUILD_DIR COMMIT
#
# Runs sparse (make C=2) on the kernel C files that COMMIT touches, with
# TREE checked out at COMMIT and configured in BUILD_DIR. Prints one TAP
# line; with RESULTS set (see tools/lib.sh) the result is appended there.
# Fails when sparse warns about a touched file, unless the same warning
# (ignoring line numbers) comes with the file as it was before COMMIT.
#
# Debian 12's sparse is too old for v7.3, so sparse 0.6.5~rc1 is built from
# Debian sid's source package, fetched from the Debian archive this
# machine's apt sources name, and cached in ~/.cache/p2p-series/sparse.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -eq 3 ] || die "usage: tools/sparse.sh TREE BUILD_DIR COMMIT"
tree=$(cd "$1" && pwd) build=$(cd "$2" && pwd) commit=$3
subj=$(git -C "$tree" log -1 --format=%s "$commit") || die "no commit $commit in $tree"

sparse_dir=$CACHE_DIR/sparse
sparse=$sparse_dir/bin/sparse
if [ ! -x "$sparse" ]; then
	log "building sparse from Debian sid's source package"
	uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	[ -n "$uri" ] || die "no Debian archive in /etc/apt/sources.list.d/*.sources"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/lists/partial"
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri sid main" >"$tmp/src.list"
	apto=(-o "Dir::Etc::SourceList=$tmp/src.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$tmp/lists" -o APT::Sandbox::User=root -o Debug::NoLocking=1)
	apt-get "${apto[@]}" -qq update || die "apt-get update of sid's sources failed"
	(cd "$tmp" && apt-get "${apto[@]}" -qq source --download-only sparse >/dev/null) ||
		die "could not fetch sparse's source package"
	tar -xzf "$tmp"/sparse_*.orig.tar.gz -C "$tmp"
	make -s -C "$tmp"/sparse-*/ -j"$(nproc)" sparse >/dev/null || die "building sparse failed"
	mkdir -p "$sparse_dir/bin"
	install -m 755 "$tmp"/sparse-*/sparse "$sparse"
fi

mapfile -t objs < <(git -C "$tree" diff-tree --no-commit-id --name-only -r --diff-filter=AM "$commit" |
	grep -E '\.c$' | grep -vE '^(tools|samples|scripts|Documentation)/' | sed 's/\.c$/.o/')
if [ ${#objs[@]} -eq 0 ]; then
	result PASS "sparse: $subj" "no kernel C file touched"
	exit 0
fi
# Only the objects the configuration builds can be checked.
built=()
for o in "${objs[@]}"; do
	[ -f "$build/$o" ] && built+=("$o")
done
if [ ${#built[@]} -eq 0 ]; then
	result SKIP "sparse: $subj" "touched files not built in this configuration"
	exit 0
fi
run_sparse() {
	make -C "$tree" O="$build" ARCH=x86_64 CC="ccache gcc" C=2 CHECK="$sparse" \
		"${built[@]}" 2>&1 || true
}
# "file: warning: text" without line and column, one per line, sorted.
messages() {
	grep -E ': (warning|error): ' | sed -E 's/:[0-9]+:[0-9]+: /: /' | sort || true
}
out=$(run_sparse)
warns=$(printf '%s\n' "$out" | grep -E ': (warning|error): ' || true)
# The kernel skips a sparse it deems too old, with only a warning: make sure
# every file was really checked.
for o in "${built[@]}"; do
	grep -qE "^ +CHECK +${o%.o}\.c$" <<<"$out" || warns+=$'\n'"${o%.o}.c: error: not checked by sparse"
done
# Only what the commit adds counts: compare with its parent's versions of
# the files (files the commit adds have none), line numbers left out.
if [ -n "$warns" ]; then
	mapfile -t srcs < <(printf '%s\n' "${built[@]}" | sed 's/\.o$/.c/')
	old_srcs=()
	for f in "${srcs[@]}"; do
		git -C "$tree" cat-file -e "$commit^:$f" 2>/dev/null && old_srcs+=("$f")
	done
	before=''
	if [ ${#old_srcs[@]} -gt 0 ]; then
		git -C "$tree" checkout -q "$commit^" -- "${old_srcs[@]}"
		before=$(run_sparse | messages)
		git -C "$tree" checkout -q "$commit" -- "${old_srcs[@]}"
	fi
	warns=$(comm -23 <(printf '%s\n' "$warns" | messages) <(printf '%s\n' "$before") |
		grep . || true)
fi
if [ -n "$warns" ]; then
	printf '%s\n' "$warns" | sed 's/^/#   /'
	result FAIL "sparse: $subj"
	exit 1
fi
result PASS "sparse: $subj" "${built[*]}"
