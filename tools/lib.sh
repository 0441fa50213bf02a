# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are for the scripts that source this
# Shared helpers for the project's tools. Source it; do not run it.

PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${P2P_CACHE:-$HOME/.cache/p2p-series}
export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}
# Hash paths relative to the project, so that every clone shares the cache.
export CCACHE_BASEDIR=$PROJECT_ROOT CCACHE_NOHASHDIR=1

BASE_PKG=linux-source-7.3
BASE_VERSION=${P2P_BASE_VERSION:-'7.3~rc7-1~exp1'}
BASE_SUITE=experimental
BASE_TAG=v7.3-rc7
# The cached base tree: one commit, tagged $BASE_TAG.
BASE_GIT=$CACHE_DIR/base/linux
# The branch the series is developed on, in a kernel tree.
SERIES_BRANCH=${SERIES_BRANCH:-p2pmem-series}
# The posting: its version (subject prefix "PATCH v2") and b4's change-id,
# fixed for the life of the series; the Message-Ids of a posting are
# derived from both (series_msgid), so regenerating gives the same thread.
SERIES_VERSION=2
SERIES_CHANGE_ID=20261122-p2pmem-gup-pfn-active-17bbd0d29d6d

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

log() {
	echo "${0##*/}: $*" >&2
}

# usage_if_help "$@": print the calling script's header comment on -h/--help.
usage_if_help() {
	case "${1:-}" in
	-h | --help)
		sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"
		exit 0
		;;
	esac
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' is not installed (run tools/deps.sh)"
	done
}

# kmake_args ARCH: set KCROSS to the cross-compiler prefix for ARCH
# (x86_64, i386 or arm64; empty but for arm64) and KMAKE to the make
# arguments of a kernel build for it through ccache.
kmake_args() {
	case "$1" in
	x86_64 | i386) KCROSS='' ;;
	arm64) KCROSS=aarch64-linux-gnu- ;;
	*) die "unknown architecture '$1': x86_64, i386 or arm64" ;;
	esac
	KMAKE=(ARCH="$1" CROSS_COMPILE="$KCROSS" CC="ccache ${KCROSS}gcc")
}

# build_uses_step TREE BUILD COMMIT: false when the kernel in BUILD, a
# full build of the state before COMMIT, is made from none of the files
# COMMIT changes, so that building COMMIT there would change nothing: it
# changes only Documentation/, MAINTAINERS, selftests, and C, assembler
# or header files that no object in BUILD was compiled from (no .cmd
# file, where kbuild lists each object's source and headers, names them).
# Any other file (Kconfig, Makefile, ...) counts as used.
build_uses_step() {
	local tree=$1 build=$2 commit=$3 f
	local pats=()
	while IFS= read -r f; do
		case "$f" in
		Documentation/* | MAINTAINERS | tools/testing/*) ;;
		*.c | *.S | *.h) pats+=(-e "$f") ;;
		*) return 0 ;;
		esac
	done < <(git -C "$tree" diff --name-only "$commit^" "$commit")
	[ ${#pats[@]} -gt 0 ] || return 1
	grep -rqF --include='*.cmd' "${pats[@]}" "$build"
}

# is_milestone SUBJECT [FILE]: whether FILE (kselftests/milestones.list)
# names SUBJECT.
is_milestone() {
	local f=${2:-$PROJECT_ROOT/kselftests/milestones.list}
	grep -v '^#' "$f" | grep -qxF -- "$1"
}

# milestones_unmatched TREE [FILE]: print the subjects that FILE
# (kselftests/milestones.list) names and no commit of the series in TREE
# has.
milestones_unmatched() {
	local f=${2:-$PROJECT_ROOT/kselftests/milestones.list} subjects m
	subjects=$(git -C "$1" log --format=%s "$BASE_TAG..$SERIES_BRANCH") || return 1
	while IFS= read -r m; do
		grep -qxF -- "$m" <<<"$subjects" || echo "$m"
	done < <(grep -v -e '^#' -e '^$' "$f")
}

# The series' patch files, in order.
series_patches() {
	local p
	for p in "$PROJECT_ROOT"/series/[0-9][0-9][0-9][0-9]-*.patch; do
		case "$p" in */0000-*) ;; *) [ -f "$p" ] && echo "$p" ;; esac
	done
	return 0
}

# series_msgid N DOMAIN: the Message-Id (without <>) of message N of the
# posting, 0 being the cover letter, as b4 makes them:
# DATE-SLUG-vVERSION-N-HASH@DOMAIN, from SERIES_CHANGE_ID (DATE-SLUG-HASH).
series_msgid() {
	local id=$SERIES_CHANGE_ID
	echo "${id%-*}-v$SERIES_VERSION-$1-${id##*-}@$2"
}

# selftest_source WORD: for a word ./PATH of a kselftests/tests.list
# command, print the file that provides it: tools/testing/selftests/PATH
# for a script (*.sh), tools/testing/selftests/PATH.c for a program, or
# kselftests/PATH (the project's own) for guest/PATH. Prints nothing for
# any other word.
selftest_source() {
	local p=${1#./}
	case "$1" in
	./guest/*) echo "kselftests/$p" ;;
	./*.sh) echo "tools/testing/selftests/$p" ;;
	./*) echo "tools/testing/selftests/$p.c" ;;
	esac
}

# fixed_build_stamps: fixed kernel build stamps, so that ccache hits across
# trees and runs and a make of single objects changes no generated header.
fixed_build_stamps() {
	export KBUILD_BUILD_TIMESTAMP=2026-01-01 KBUILD_BUILD_USER=build KBUILD_BUILD_HOST=build
}

# Identity used for commits made in work trees when git has none configured.
git_ident() {
	git config user.name >/dev/null 2>&1 || export GIT_COMMITTER_NAME=series-tools GIT_AUTHOR_NAME=series-tools
	git config user.email >/dev/null 2>&1 || export GIT_COMMITTER_EMAIL=series-tools@localhost GIT_AUTHOR_EMAIL=series-tools@localhost
}

# Test results. RESULTS names a file that collects one line per result
# ("PASS name", "FAIL name", "SKIP name"); result() also prints TAP-style.
# RESULT_PREFIX, when set, starts every result's name. summary() prints
# the closing "N passed, N failed" line and fails when any
# result failed.
result() {
	local status=$1 name=${RESULT_PREFIX:-}$2
	shift 2
	local n=1
	[ -n "${RESULTS:-}" ] && n=$(($(wc -l <"$RESULTS") + 1)) && echo "$status $name" >>"$RESULTS"
	case "$status" in
	PASS) echo "ok $n - $name${*:+ # $*}" ;;
	SKIP) echo "ok $n - $name # SKIP${*:+ $*}" ;;
	*) echo "not ok $n - $name${*:+ # $*}" ;;
	esac
}

summary() {
	local pass fail skip
	pass=$(grep -c '^PASS ' "$RESULTS" || true)
	fail=$(grep -c '^FAIL ' "$RESULTS" || true)
	skip=$(grep -c '^SKIP ' "$RESULTS" || true)
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# Step results that an earlier run of tools/check.sh verified: a step that
# is neither the last nor a milestone, whose tree, parent tree, tools,
# configuration fragments and compilers are all as in a run where every
# check of it passed, is not built again; its results are replayed. The
# key covers everything those checks read: the kernel sources through the
# two tree ids, the rest through the files and versions hashed here.
STEP_CACHE=$CACHE_DIR/steps

# step_key TREE COMMIT: print the key of COMMIT's checks.
step_key() {
	local tree=$1 c=$2
	{
		git -C "$tree" rev-parse "$c^{tree}" "$c^^{tree}"
		# Only what a cached step's checks run: the step loop of
		# tools/check.sh builds with the test, debug and off fragments
		# and runs sparse and the bots; the tip-only builds, the QEMU
		# tests and the tools' other jobs are never replayed.
		(cd "$PROJECT_ROOT" && cat tools/lib.sh tools/build.sh tools/kconfig.sh \
			tools/sparse.sh tools/bots.sh configs/test.config \
			configs/debug.config configs/off.config)
		gcc --version | head -1
		"$CACHE_DIR/sparse/bin/sparse" --version 2>/dev/null || echo no sparse
		spatch --version 2>/dev/null | head -1 || echo no spatch
	} | sha256sum | cut -c1-40
}

# step_store KEY FIRST STEP: save the results from line FIRST of $RESULTS
# on, with STEP ("i/n") made a placeholder, if none of them failed.
step_store() {
	local key=$1 first=$2 step=$3 lines
	lines=$(tail -n "+$first" "$RESULTS")
	[ -n "$lines" ] || return 0
	grep -q '^FAIL ' <<<"$lines" && return 0
	mkdir -p "$STEP_CACHE"
	sed "s# $step # @STEP@ #" <<<"$lines" >"$STEP_CACHE/$key.tmp" &&
		mv "$STEP_CACHE/$key.tmp" "$STEP_CACHE/$key"
}

# step_replay KEY STEP: report the saved results of KEY for step STEP
# ("i/n"); fails if there are none.
step_replay() {
	local key=$1 step=$2 status name
	[ -s "$STEP_CACHE/$key" ] || return 1
	while read -r status name; do
		result "$status" "${name/@STEP@/$step}" "cached: passed in an earlier run with this tree, these tools and compilers"
	done <"$STEP_CACHE/$key"
}
