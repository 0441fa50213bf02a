#!/usr/bin/env bash
# Usage: tools/bots.sh [--only CHECKS] TREE BUILD_DIR COMMIT
#
# What the kernel test robot runs on a patch, on the files COMMIT touches,
# with TREE checked out at COMMIT and BUILD_DIR holding a kernel built from
# it (tools/build.sh TREE BUILD_DIR test debug, as build/debug in
# tools/check.sh):
#   w1          "make W=1" of the kernel C files COMMIT adds or modifies, for
#               the objects BUILD_DIR's configuration builds (skipped when it
#               builds none of them);
#   kernel-doc  "scripts/kernel-doc -none -Wall" on the kernel C files and
#               headers COMMIT adds or modifies;
#   coccinelle  scripts/coccicheck in report mode, every semantic patch of
#               scripts/coccinelle (Debian's coccinelle), on those C files,
#               as "make C=2 CHECK=scripts/coccicheck MODE=report FILE.o"
#               runs it.
# A check fails when it reports something about the files (line numbers
# aside) that it does not report with the files as they were before COMMIT.
# Prints one TAP line per check, naming COMMIT's subject; with RESULTS set
# (see tools/lib.sh) the results are appended there. Kernel files are
# those outside tools/, samples/, scripts/, usr/ and Documentation/.
#
#   --only CHECKS   only these checks (comma-separated: w1,kernel-doc,coccinelle)
#
# W=1 and coccinelle results are cached in ~/.cache/p2p-series/bots, keyed
# by content: W=1 by the file, the git trees of include/, arch/x86/include/,
# scripts/ and the file's directory, the top and arch Makefiles, BUILD_DIR's
# .config and the version of gcc; coccinelle by the file, scripts/coccinelle/,
# scripts/coccicheck and the version of spatch. W=1 objects are compiled in
# BUILD_DIR itself: the next build there recompiles them, from ccache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

checks=w1,kernel-doc,coccinelle
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--only)
		[ $# -ge 2 ] || die "--only needs check names (w1, kernel-doc, coccinelle)"
		checks=$2
		shift 2
		;;
	-*) die "unknown option '$1' (see --help)" ;;
	*)
		args+=("$1")
		shift
		;;
	esac
done
[ ${#args[@]} -eq 3 ] || die "usage: tools/bots.sh [--only CHECKS] TREE BUILD_DIR COMMIT"
run_w1=0 run_kdoc=0 run_cocci=0
for k in ${checks//,/ }; do
	case "$k" in
	w1) run_w1=1 ;;
	kernel-doc) run_kdoc=1 ;;
	coccinelle) run_cocci=1 ;;
	*) die "unknown check '$k' (the checks are w1, kernel-doc, coccinelle)" ;;
	esac
done
[ -d "${args[0]}" ] || die "no kernel tree at ${args[0]}"
[ -d "${args[1]}" ] || die "no build directory at ${args[1]}"
tree=$(cd "${args[0]}" && pwd) build=$(cd "${args[1]}" && pwd)
[ -f "$tree/scripts/kernel-doc" ] || die "$tree is not a kernel source tree"
c=$(git -C "$tree" rev-parse -q --verify "${args[2]}^{commit}") || die "no commit ${args[2]} in $tree"
git -C "$tree" rev-parse -q --verify "$c^" >/dev/null || die "commit ${args[2]} has no parent to compare with"
subj=$(git -C "$tree" log -1 --format=%s "$c")
[ "$(git -C "$tree" rev-parse 'HEAD^{tree}')" = "$(git -C "$tree" rev-parse "$c^{tree}")" ] ||
	die "$tree is not checked out at ${args[2]} (git -C $tree checkout ${args[2]})"

mapfile -t files < <(git -C "$tree" diff-tree --no-commit-id --name-only -r --diff-filter=AM "$c" |
	grep -E '\.[ch]$' | grep -vE '^(tools|samples|scripts|usr|Documentation)/' || true)
[ ${#files[@]} -eq 0 ] || git -C "$tree" diff --quiet HEAD -- "${files[@]}" ||
	die "$tree has uncommitted changes to the files of ${args[2]}"
mapfile -t cfiles < <(printf '%s\n' "${files[@]}" | grep -E '\.c$' || true)
# The files as they were before COMMIT (those it adds have no before).
old_files=()
for f in "${files[@]}"; do
	git -C "$tree" cat-file -e "$c^:$f" 2>/dev/null && old_files+=("$f")
done

t=$(mktemp -d)
reverted=0
cleanup() {
	[ "$reverted" -eq 0 ] || git -C "$tree" checkout -q "$c" -- "${old_files[@]}"
	rm -rf "$t"
}
trap cleanup EXIT
jobs=$(nproc)
cache=$CACHE_DIR/bots
mkdir -p "$cache/w1" "$cache/cocci"

# key PARTS...: a cache key from the parts' text.
key() { printf '%s\n' "$@" | sha256sum | cut -c1-40; }
# rev_ids REV PATH...: the git ids of the PATHs at REV ("-" for none).
rev_ids() {
	local rev=$1 p
	shift
	for p in "$@"; do
		git -C "$tree" rev-parse -q --verify "$rev:$p" 2>/dev/null || echo -
	done
}
# new_messages AFTER BEFORE: the lines of file AFTER that BEFORE does not
# have, as many times as AFTER has them more often, line numbers aside.
new_messages() {
	awk '
		function norm(s) {
			gsub(/:[0-9]+(:[0-9]+(-[0-9]+)?)?/, "", s)
			gsub(/line [0-9]+/, "line", s)
			return s
		}
		FILENAME == ARGV[1] { seen[norm($0)]++; next }
		{ n = norm($0); if (seen[n] > 0) seen[n]--; else print }' "$2" "$1"
}
# strip_tree: paths relative to the tree.
strip_tree() { awk -v p="$tree/" '{ while ((i = index($0, p)) > 0) $0 = substr($0, 1, i - 1) substr($0, i + length(p)); print }'; }

# W=1: compile the objects of the C files in SIDE's state (the work tree
# holds it) unless cached; messages in DIR/w1.
gccv=$(gcc --version | head -n1)
cfg=$(sha256sum <"$build/.config" | cut -c1-40)
w1_key() { # REV FILE
	local ids
	mapfile -t ids < <(rev_ids "$1" "$2" include arch/x86/include scripts Makefile arch/x86/Makefile "$(dirname "$2")")
	key w1-C "$gccv" "$cfg" "$2" "${ids[@]}"
}
w1_side() { # REV DIR FILE...
	local rev=$1 dir=$2 f k miss=() objs=()
	shift 2
	mkdir -p "$dir"
	: >"$dir/w1"
	for f in "$@"; do
		k=$(w1_key "$rev" "$f")
		if [ -f "$cache/w1/$k" ]; then
			cat "$cache/w1/$k" >>"$dir/w1"
		else
			miss+=("$f")
			objs+=("${f%.c}.o")
		fi
	done
	[ ${#miss[@]} -gt 0 ] || return 0
	fixed_build_stamps
	# One target's output at a time (-Otarget), so that each warning goes
	# with the object whose "CC" line comes before it; messages in the C
	# locale, whatever the caller's (kbuild unexports LC_ALL, so LANG too).
	LANG=C LC_CTYPE=C LC_MESSAGES=C LC_ALL=C nice -n 10 make -C "$tree" O="$build" ARCH=x86_64 CC="ccache gcc" W=1 -j"$jobs" -Otarget \
		"${objs[@]}" >"$dir/w1.log" 2>&1 || true
	awk '/^  CC( \[M\])? / { obj = $NF; print "CC " obj; next }
		/: (warning|error): / && obj != "" { print obj "\t" $0 }' "$dir/w1.log" | strip_tree >"$dir/w1.parsed"
	for f in "${miss[@]}"; do
		k=$(w1_key "$rev" "$f")
		if grep -qxF "CC ${f%.c}.o" "$dir/w1.parsed"; then
			awk -F '\t' -v o="${f%.c}.o" '$1 == o { print $2 }' "$dir/w1.parsed" >"$cache/w1/$k.tmp"
			mv "$cache/w1/$k.tmp" "$cache/w1/$k"
			cat "$cache/w1/$k" >>"$dir/w1"
		else
			# Not compiled (make stopped before it): not cached.
			echo "$f: error: not compiled by make W=1: $(grep -m1 -E 'error|Error' "$dir/w1.log" | strip_tree || true)" >>"$dir/w1"
		fi
	done
}

# kernel-doc on REV's versions of the files, from git: messages in DIR/kdoc.
kdoc_side() { # REV DIR FILE...
	local rev=$1 dir=$2 f
	shift 2
	mkdir -p "$dir/src"
	for f in "$@"; do
		mkdir -p "$dir/src/$(dirname "$f")"
		git -C "$tree" show "$rev:$f" >"$dir/src/$f"
	done
	if [ $# -gt 0 ]; then
		(cd "$dir/src" && "$tree/scripts/kernel-doc" -none -Wall "$@" 2>&1 || true) | grep . >"$dir/kdoc" || true
	else
		: >"$dir/kdoc"
	fi
}

# coccinelle on the work tree's files, unless cached: messages in DIR/cocci.
# scripts/coccicheck as kbuild's C=2 runs it for one file (C, MODE, srctree
# and LINUXINCLUDE as kbuild sets them), without kbuild, whose C=2 would
# also run every semantic patch on scripts/mod/empty.c each time.
spatchv=$(spatch --version 2>/dev/null | head -n1 || true)
cocci_key() { # REV FILE
	local ids
	mapfile -t ids < <(rev_ids "$1" "$2" scripts/coccinelle scripts/coccicheck)
	key cocci "$spatchv" "$2" "${ids[@]}"
}
cocci_one() { # FILE OUT: OUT gets the reports, or an error line
	local inc sp i=0 failed=()
	inc="-I$tree/arch/x86/include -I$build/arch/x86/include/generated -I$tree/include -I$build/include"
	inc+=" -I$tree/arch/x86/include/uapi -I$build/arch/x86/include/generated/uapi -I$tree/include/uapi"
	inc+=" -I$build/include/generated/uapi -include $tree/include/linux/compiler-version.h"
	inc+=" -include $tree/include/linux/kconfig.h"
	# One semantic patch per run (COCCI=), as many runs at once as CPUs;
	# those coccicheck would skip for not having a report mode left out.
	rm -rf "$2.d"
	mkdir -p "$2.d"
	for sp in "${cocci_scripts[@]}"; do
		i=$((i + 1))
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
		(cd "$build" && C=2 MODE=report COCCI=$sp srctree=$tree LINUXINCLUDE=$inc \
			DEBUG_FILE=$2.d/$i.debug nice -n 10 "$tree/scripts/coccicheck" "$tree/$1" >"$2.d/$i" 2>&1 ||
			echo "${sp#"$tree"/}: $(tail -n1 "$2.d/$i.debug" 2>/dev/null)" >"$2.d/$i.failed") &
	done
	wait || true
	: >"$2"
	for i in $(seq 1 "$i"); do
		[ ! -f "$2.d/$i.failed" ] || failed+=("$(cat "$2.d/$i.failed")")
		grep -F "$tree/$1:" "$2.d/$i" | strip_tree >>"$2" || true
	done
	if [ ${#failed[@]} -gt 0 ]; then
		echo "$1: error: coccicheck failed: ${failed[0]}" | strip_tree >"$2"
		return 1
	fi
}
cocci_side() { # REV DIR FILE...
	local rev=$1 dir=$2 f k i=0
	shift 2
	mkdir -p "$dir/cocci.d"
	: >"$dir/cocci"
	[ $# -eq 0 ] || mapfile -t cocci_scripts < <(find "$tree/scripts/coccinelle" -name '*.cocci' -type f | sort |
		xargs grep -l 'virtual[[:space:]]\+report')
	for f in "$@"; do
		i=$((i + 1))
		k=$(cocci_key "$rev" "$f")
		if [ -f "$cache/cocci/$k" ]; then
			cat "$cache/cocci/$k" >>"$dir/cocci"
		elif cocci_one "$f" "$dir/cocci.d/$i"; then
			cp "$dir/cocci.d/$i" "$cache/cocci/$k.tmp"
			mv "$cache/cocci/$k.tmp" "$cache/cocci/$k"
			cat "$cache/cocci/$k" >>"$dir/cocci"
		else
			cat "$dir/cocci.d/$i" >>"$dir/cocci"
		fi
	done
}

[ $run_cocci -eq 0 ] || [ ${#cfiles[@]} -eq 0 ] || need_cmd spatch
# The C files whose objects BUILD_DIR's configuration builds.
objc=()
for f in "${cfiles[@]}"; do
	[ -f "$build/${f%.c}.o" ] && objc+=("$f")
done
is_old() { printf '%s\n' "${old_files[@]}" | grep -qxF "$1"; }
old_objc=() old_c=()
for f in "${objc[@]}"; do is_old "$f" && old_objc+=("$f"); done
for f in "${cfiles[@]}"; do is_old "$f" && old_c+=("$f"); done

declare -A secs
timed() { # NAME CMD...: run CMD, adding its time to secs[NAME]
	local s=$SECONDS n=$1
	shift
	"$@"
	secs[$n]=$((${secs[$n]:-0} + SECONDS - s))
}
# After COMMIT.
[ $run_w1 -eq 0 ] || timed w1 w1_side "$c" "$t/after" "${objc[@]}"
[ $run_kdoc -eq 0 ] || timed kernel-doc kdoc_side "$c" "$t/after" "${files[@]}"
[ $run_cocci -eq 0 ] || timed coccinelle cocci_side "$c" "$t/after" "${cfiles[@]}"
# Before it, for the checks that reported something: the work tree gets
# the parent's versions of the touched files only if a result is missing
# from the cache (restored on exit).
mkdir -p "$t/before"
: >"$t/before/w1"
: >"$t/before/kdoc"
: >"$t/before/cocci"
need_w1=0 need_cocci=0
[ $run_w1 -eq 0 ] || [ ! -s "$t/after/w1" ] || need_w1=1
[ $run_cocci -eq 0 ] || [ ! -s "$t/after/cocci" ] || need_cocci=1
if [ $run_kdoc -eq 1 ] && [ -s "$t/after/kdoc" ]; then
	timed kernel-doc kdoc_side "$c^" "$t/before" "${old_files[@]}"
fi
missing=0
if [ $need_w1 -eq 1 ]; then
	for f in "${old_objc[@]}"; do [ -f "$cache/w1/$(w1_key "$c^" "$f")" ] || missing=1; done
fi
if [ $need_cocci -eq 1 ]; then
	for f in "${old_c[@]}"; do [ -f "$cache/cocci/$(cocci_key "$c^" "$f")" ] || missing=1; done
fi
if [ $missing -eq 1 ]; then
	reverted=1
	git -C "$tree" checkout -q "$c^" -- "${old_files[@]}"
fi
[ $need_w1 -eq 0 ] || timed w1 w1_side "$c^" "$t/before" "${old_objc[@]}"
[ $need_cocci -eq 0 ] || timed coccinelle cocci_side "$c^" "$t/before" "${old_c[@]}"
if [ $reverted -eq 1 ]; then
	git -C "$tree" checkout -q "$c" -- "${old_files[@]}"
	reverted=0
fi

# verdict NAME KIND FILE-LIST-TEXT: one TAP line for a check.
verdict() { # NAME KIND WHAT
	local name=$1 kind=$2 what=$3 new
	new=$(new_messages "$t/after/$kind" "$t/before/$kind")
	if [ -n "$new" ]; then
		printf '%s\n' "$new" | sed 's/^/#   /'
		result FAIL "$name: $subj" "$(wc -l <<<"$new") new, ${secs[$name]:-0}s"
		rc=1
	else
		result PASS "$name: $subj" "$what, ${secs[$name]:-0}s"
	fi
}
rc=0
if [ $run_w1 -eq 1 ]; then
	if [ ${#cfiles[@]} -eq 0 ]; then
		result PASS "W=1: $subj" "no kernel C file touched"
	elif [ ${#objc[@]} -eq 0 ]; then
		result SKIP "W=1: $subj" "touched files not built in this configuration: ${cfiles[*]}"
	else
		secs[W=1]=${secs[w1]:-0}
		verdict W=1 w1 "${objc[*]}"
	fi
fi
if [ $run_kdoc -eq 1 ]; then
	if [ ${#files[@]} -eq 0 ]; then
		result PASS "kernel-doc: $subj" "no kernel C file or header touched"
	else
		verdict kernel-doc kdoc "${files[*]}"
	fi
fi
if [ $run_cocci -eq 1 ]; then
	if [ ${#cfiles[@]} -eq 0 ]; then
		result PASS "coccinelle: $subj" "no kernel C file touched"
	else
		verdict coccinelle cocci "${cfiles[*]}"
	fi
fi
exit $rc
