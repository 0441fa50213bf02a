#!/usr/bin/env bash
# Usage: tools/selftest.sh [TREE]
#
# Tests the project's own tools on bad input: each case must fail with a
# clear message and leave nothing half-done. TREE (default ./build/linux),
# a tree made by tools/apply.sh, is used for the cases that need a kernel
# tree; they are skipped without one. Prints one TAP line per case; with
# RESULTS set (see tools/lib.sh) results are appended there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
tree=${1:-$PROJECT_ROOT/build/linux}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
git_ident

# expect_fail NAME PATTERN CMD...: CMD must exit non-zero and say PATTERN.
expect_fail() {
	local name=$1 pat=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		result FAIL "tools: $name" "succeeded"
	elif ! grep -q -- "$pat" <<<"$out"; then
		result FAIL "tools: $name" "message lacks '$pat': $(tail -n1 <<<"$out")"
	else
		result PASS "tools: $name"
	fi
}

# A small git tree standing in for a kernel checkout at the base.
fake=$t/fake
mkdir -p "$fake"
printf 'VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION = -rc7\n' >"$fake/Makefile"
git -C "$fake" init -q -b master
git -C "$fake" add Makefile
git -C "$fake" commit -q -m base
git -C "$fake" tag "$BASE_TAG"

expect_fail "apply: unknown option" "unknown option" "$PROJECT_ROOT/tools/apply.sh" --bogus
expect_fail "apply: --tree not a checkout" "not a git checkout" "$PROJECT_ROOT/tools/apply.sh" --tree "$t/nowhere"
echo x >>"$fake/Makefile"
expect_fail "apply: dirty tree refused" "uncommitted changes" "$PROJECT_ROOT/tools/apply.sh" --tree "$fake"
git -C "$fake" checkout -q Makefile
git -C "$fake" commit -q --allow-empty -m later
expect_fail "apply: tree not at the base refused" "is not at $BASE_TAG" "$PROJECT_ROOT/tools/apply.sh" --tree "$fake"
git -C "$fake" checkout -q "$BASE_TAG"
# Not "series_patches | head": with pipefail, head closing the pipe early
# fails the pipeline now and then (SIGPIPE), and set -e ends the script.
mapfile -t ps < <(series_patches)
first=${ps[0]:-}
expect_fail "apply: failing patch named" "does not apply: series/${first##*/}" "$PROJECT_ROOT/tools/apply.sh" --tree "$fake"
if git -C "$fake" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null ||
	[ "$(git -C "$fake" rev-parse HEAD)" != "$(git -C "$fake" rev-parse "$BASE_TAG")" ]; then
	result FAIL "tools: apply: failed --tree leaves the tree as it was"
else
	result PASS "tools: apply: failed --tree leaves the tree as it was"
fi
mkdir "$t/exists"
expect_fail "apply: existing DIR refused" "exists" "$PROJECT_ROOT/tools/apply.sh" "$t/exists"
expect_fail "apply: DIR and --tree together refused" "not both" "$PROJECT_ROOT/tools/apply.sh" "$t/x" --tree "$fake"

# A package version the archive does not have: the error lists what it has.
expect_fail "fetch-base: missing version names the available ones" "it has: .*7\.3" \
	env P2P_CACHE="$t/cache" P2P_BASE_VERSION=7.3~rc0-0 "$PROJECT_ROOT/tools/fetch-base.sh"
if [ -e "$t/cache/base" ]; then
	result FAIL "tools: fetch-base: nothing left behind on failure"
else
	result PASS "tools: fetch-base: nothing left behind on failure"
fi

expect_fail "regen: unknown option" "unknown option" "$PROJECT_ROOT/tools/regen.sh" --bogus
expect_fail "regen: two trees refused" "only one TREE" "$PROJECT_ROOT/tools/regen.sh" --check "$fake" "$fake"
expect_fail "bots: too few arguments" "usage: tools/bots.sh" "$PROJECT_ROOT/tools/bots.sh" "$fake" "$t"
expect_fail "bots: unknown option" "unknown option '--bogus'" "$PROJECT_ROOT/tools/bots.sh" --bogus "$fake" "$t" HEAD
expect_fail "bots: unknown check named" "unknown check 'smatch'" \
	"$PROJECT_ROOT/tools/bots.sh" --only w1,smatch "$fake" "$t" HEAD
expect_fail "bots: missing build directory" "no build directory at $t/nobuild" \
	"$PROJECT_ROOT/tools/bots.sh" "$fake" "$t/nobuild" HEAD
expect_fail "bots: not a kernel tree" "is not a kernel source tree" "$PROJECT_ROOT/tools/bots.sh" "$fake" "$t" HEAD
expect_fail "b4-roundtrip: unknown option" "unknown option" "$PROJECT_ROOT/tools/b4-roundtrip.sh" --bogus
expect_fail "b4-roundtrip: tree without the branch" "has no branch $SERIES_BRANCH" \
	"$PROJECT_ROOT/tools/b4-roundtrip.sh" "$fake"
expect_fail "test-step: bad step" "must be a number" "$PROJECT_ROOT/tools/test-step.sh" x1
expect_fail "step-tests: unknown option" "unknown option" "$PROJECT_ROOT/tools/step-tests.sh" --bogus x y
expect_fail "step-tests: missing commit" "usage" "$PROJECT_ROOT/tools/step-tests.sh" "$fake"
expect_fail "step-tests: unknown commit" "no commit" "$PROJECT_ROOT/tools/step-tests.sh" "$fake" nosuchcommit
# The fake tree has no selftests: only the tests that are the project's
# own guest scripts are left.
out=$("$PROJECT_ROOT/tools/step-tests.sh" --last "$fake" "$BASE_TAG" 2>&1) || true
if [ "$out" = kunit,dimm-eject ]; then
	result PASS "tools: step-tests: tests not in the tree left out"
else
	result FAIL "tools: step-tests: tests not in the tree left out" "selected '$out'"
fi
expect_fail "run.sh: no kernel" "no kernel at" "$PROJECT_ROOT/kselftests/run.sh" "$fake" "$t"
expect_fail "run.sh: missing tests list" "no tests list" "$PROJECT_ROOT/kselftests/run.sh" --list "$t/none" "$fake" "$t"
expect_fail "bench: too many arguments" "usage" "$PROJECT_ROOT/tools/bench.sh" a b c
expect_fail "cross-build: unknown architecture" "unknown architecture 'mips'" \
	"$PROJECT_ROOT/tools/cross-build.sh" mips "$fake" "$t/cb"
expect_fail "cross-build: x86_64 refused" "tools/build.sh builds x86_64" \
	"$PROJECT_ROOT/tools/cross-build.sh" x86_64 "$fake" "$t/cb"
expect_fail "bench: no kernel" "no kernel in" "$PROJECT_ROOT/tools/bench.sh" "$fake" "$t"
expect_fail "bench-offline: one commit" "usage" "$PROJECT_ROOT/tools/bench-offline.sh" HEAD
expect_fail "bench-offline: --boots 0" "needs a number" "$PROJECT_ROOT/tools/bench-offline.sh" --boots 0 a b
expect_fail "bench-offline: unknown commit" "no commit 'nosuch'" \
	"$PROJECT_ROOT/tools/bench-offline.sh" nosuch HEAD "$fake" "$t/bo"
expect_fail "check: --from without a step number" "needs a step number" "$PROJECT_ROOT/tools/check.sh" --from x
expect_fail "check: --from 0" "needs a step number" "$PROJECT_ROOT/tools/check.sh" --from 0
expect_fail "check: --max-new without a number" "needs a number of steps" "$PROJECT_ROOT/tools/check.sh" --max-new x
expect_fail "build-objects: too few arguments" "usage" "$PROJECT_ROOT/tools/build-objects.sh" x86_64 "$fake" "$t"
expect_fail "build-objects: unknown architecture" "unknown architecture 'mips'" \
	"$PROJECT_ROOT/tools/build-objects.sh" mips "$fake" "$t" HEAD
expect_fail "build-objects: unbuilt directory" "has no .config" \
	"$PROJECT_ROOT/tools/build-objects.sh" x86_64 "$fake" "$t" HEAD
touch "$t/.config"
expect_fail "build-objects: commit not checked out" "does not have master checked out" \
	"$PROJECT_ROOT/tools/build-objects.sh" x86_64 "$fake" "$t" master
rm "$t/.config"
# A relative BUILD_DIR is the caller's, not TREE's: tools/check.sh passes
# build/nozd, and make -C TREE would otherwise configure and compile in
# TREE/build/nozd, a configuration nobody chose.
objtree=$t/objtree
mkdir -p "$objtree" "$t/rel/build"
printf '%s\n' 'olddefconfig:' '	test -f $(O)/.config' '%.o: %.c' '	test -f $(O)/.config && touch $(O)/$@' >"$objtree/Makefile"
echo 'int x;' >"$objtree/a.c"
git -C "$objtree" init -q -b master
git -C "$objtree" add Makefile a.c
git -C "$objtree" commit -q -m base
echo 'int y;' >>"$objtree/a.c"
git -C "$objtree" commit -q -am change
touch "$t/rel/build/.config" "$t/rel/build/a.o"
if out=$(cd "$t/rel" && "$PROJECT_ROOT/tools/build-objects.sh" x86_64 "$objtree" build HEAD 2>&1) &&
	[ "$out" = a.o ] && [ ! -e "$objtree/build" ]; then
	result PASS "tools: build-objects: relative build directory"
else
	result FAIL "tools: build-objects: relative build directory" "$(tail -n1 <<<"$out")"
fi

# build_uses_step: a step is built again only where it can change the kernel.
mkdir -p "$t/uses/mm"
echo 'deps_mm/a.o := $(srctree)/a.c $(srctree)/include/x.h' >"$t/uses/mm/.a.o.cmd"
uses_case() {
	local name=$1 want=$2 got=unused
	shift 2
	mkdir -p "$objtree/include"
	for f in "$@"; do mkdir -p "$objtree/$(dirname "$f")" && echo "/* $name */" >>"$objtree/$f"; done
	git -C "$objtree" add -A && git -C "$objtree" commit -q -m "$name"
	build_uses_step "$objtree" "$t/uses" HEAD && got=used
	if [ "$got" = "$want" ]; then
		result PASS "tools: build_uses_step: $name"
	else
		result FAIL "tools: build_uses_step: $name" "$got, not $want"
	fi
}
uses_case "built source" used a.c
uses_case "header of a built object" used include/x.h
uses_case "source the build does not compile" unused b.c
uses_case "selftests and Documentation only" unused tools/testing/t.c Documentation/d.rst MAINTAINERS
uses_case "Kconfig" used Kconfig

# milestones_unmatched: a milestone that names no commit is reported.
prev=$(git -C "$fake" rev-parse HEAD)
git -C "$fake" checkout -q -b "$SERIES_BRANCH" "$BASE_TAG"
git -C "$fake" commit -q --allow-empty -m "mm: the first step"
printf '# a comment\nmm: the first step\n' >"$t/ms.list"
if [ -z "$(milestones_unmatched "$fake" "$t/ms.list")" ] && is_milestone "mm: the first step" "$t/ms.list" &&
	! is_milestone "# a comment" "$t/ms.list"; then
	result PASS "tools: milestones: a subject of the series matches"
else
	result FAIL "tools: milestones: a subject of the series matches"
fi
echo "mm: a step that is gone" >>"$t/ms.list"
if [ "$(milestones_unmatched "$fake" "$t/ms.list")" = "mm: a step that is gone" ]; then
	result PASS "tools: milestones: a subject of no commit is reported"
else
	result FAIL "tools: milestones: a subject of no commit is reported"
fi
git -C "$fake" checkout -q "$prev"

# The QEMU verdicts, from made-up console logs: each must be able to fail.
# expect_verdict NAME WANT LOG: the results for test "t" must be WANT.
expect_verdict() {
	local name=$1 want=$2 got
	printf '%b' "$3" >"$t/console.log"
	got=$(RESULTS='' "$PROJECT_ROOT/kselftests/verdict.sh" "$t/console.log" t 2>/dev/null |
		sed -E 's/ # .*//; s/^(not ok|ok) [0-9]+ - qemu: /\1 /' | paste -sd, -)
	if [ "$got" = "$want" ]; then
		result PASS "tools: verdict: $name"
	else
		result FAIL "tools: verdict: $name" "got '$got', want '$want'"
	fi
}
expect_verdict "pass" "ok t,ok kernel log clean" '### BOOTED\n### START t\nok 1\n### END t rc=0\n'
expect_verdict "exit code fails" "not ok t,ok kernel log clean" '### BOOTED\n### START t\n### END t rc=1\n'
expect_verdict "skip" "ok t,ok kernel log clean" '### BOOTED\n### START t\n# SKIP x\n### END t rc=4\n'
expect_verdict "no end fails" "not ok t,ok kernel log clean" '### BOOTED\n### START t\nok 1\n'
expect_verdict "splat in test fails" "not ok t,not ok kernel log clean" \
	'### BOOTED\n### START t\n[ 1.0] WARNING: CPU: 0 PID: 1 at mm/x.c:1 f+0x1\n### END t rc=0\n'
expect_verdict "splat outside tests fails the log" "ok t,not ok kernel log clean" \
	'[ 0.5] BUG: KASAN: use-after-free in f\n### BOOTED\n### START t\n### END t rc=0\n'
expect_verdict "no boot fails" "not ok t,not ok boot" 'Kernel panic - not syncing\n'

if [ -f "$tree/Makefile" ]; then
	# X86_32 exists but cannot be set in a 64-bit build.
	echo "CONFIG_X86_32=y" >"$t/bad.config"
	expect_fail "kconfig: unsatisfied option named" "CONFIG_X86_32=y did not survive" \
		"$PROJECT_ROOT/tools/kconfig.sh" "$tree" "$t/kbuild" "$t/bad.config"
	# An option no Kconfig file defines comes with a later patch: skipped.
	echo "CONFIG_THIS_OPTION_DOES_NOT_EXIST=y" >"$t/later.config"
	if out=$("$PROJECT_ROOT/tools/kconfig.sh" "$tree" "$t/kbuild" "$t/later.config" 2>&1) &&
		grep -q "CONFIG_THIS_OPTION_DOES_NOT_EXIST is not in this tree, skipped" <<<"$out"; then
		result PASS "tools: kconfig: option of a later patch skipped"
	else
		result FAIL "tools: kconfig: option of a later patch skipped" "$(tail -n1 <<<"$out")"
	fi
	expect_fail "bots: unknown commit" "no commit nosuchcommit in" \
		"$PROJECT_ROOT/tools/bots.sh" "$tree" "$t" nosuchcommit
	expect_fail "bots: base commit has no parent" "has no parent" \
		"$PROJECT_ROOT/tools/bots.sh" "$tree" "$t" "$BASE_TAG"
	if git -C "$tree" rev-parse -q --verify "$SERIES_BRANCH~1" >/dev/null &&
		[ "$(git -C "$tree" rev-parse HEAD)" != "$(git -C "$tree" rev-parse "$SERIES_BRANCH~1")" ]; then
		expect_fail "bots: tree not at the commit refused" "is not checked out at $SERIES_BRANCH~1" \
			"$PROJECT_ROOT/tools/bots.sh" "$tree" "$t" "$SERIES_BRANCH~1"
	fi
	# The project as it would be without a changelog for this version, or
	# with a patch missing from the thread: both must fail, and say why.
	if git -C "$tree" rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null; then
		proj=$t/proj
		mkdir -p "$proj/cover"
		cp -a "$PROJECT_ROOT/tools" "$PROJECT_ROOT/series" "$PROJECT_ROOT/cover-letter.txt" "$proj/"
		grep -v '^Changes in v' "$PROJECT_ROOT/cover/cover.txt" >"$proj/cover/cover.txt"
		expect_fail "regen: cover letter without a changelog for this version" \
			"no 'Changes in v$SERIES_VERSION:' section" "$proj/tools/regen.sh" --check "$tree"
		if [ -d "$BASE_GIT" ] && command -v b4 >/dev/null; then
			total=$(series_patches | wc -l)
			rm "$proj/series/0002-"*.patch
			expect_fail "b4-roundtrip: a patch missing from the thread fails" \
				"b4 am found $((total - 1)) patches, the branch has" env RESULTS= "$proj/tools/b4-roundtrip.sh" "$tree"
		fi
	fi
	mkdir -p "$t/kb/arch/x86/boot"
	: >"$t/kb/arch/x86/boot/bzImage"
	expect_fail "kselftests: unknown test named" "no test 'nosuchtest'" \
		"$PROJECT_ROOT/kselftests/run.sh" --only nosuchtest "$tree" "$t/kb"
else
	result SKIP "tools: kconfig: unsatisfied option named" "no tree at $tree"
fi
