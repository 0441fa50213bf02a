#!/usr/bin/env bash
# Usage: tools/check.sh [--tests NAMES]
#
# The project's test command. On a fresh machine it installs what it needs,
# applies the series onto v7.3-rc7 in ./build/linux, and then checks:
#   - series/ and cover-letter.txt are what the branch regenerates;
#   - b4 am of the thread that series/ and cover-letter.txt make applies,
#     with git am, onto v7.3-rc7 as the branch (tools/b4-roundtrip.sh);
#   - every patch is checkpatch.pl --strict clean, and sparse clean on the
#     kernel C files it touches (tools/sparse.sh);
#   - every patch adds no W=1 warning, kernel-doc warning or coccinelle
#     report on the files it touches, as the kernel test robot checks
#     (tools/bots.sh);
#   - the project's tools refuse bad input cleanly (tools/selftest.sh);
#   - every step of the series builds, both with the test configuration
#     (configs/test.config + configs/debug.config) and with the features
#     the series touches turned off (configs/off.config); a step is not
#     built again in a configuration whose kernel it cannot change: it
#     changes only Documentation/, MAINTAINERS, selftests or sources that
#     configuration does not compile (reported as skipped);
#   - the last step also builds with memory hotplug but no ZONE_DEVICE and
#     every KUnit test (configs/nozd.config), for 32-bit x86 with SPARSEMEM
#     without VMEMMAP and for arm64 with 64K pages (tools/cross-build.sh);
#     every earlier step that changes files under mm/ or include/linux/
#     compiles the objects it changes in that hotplug-without-ZONE_DEVICE
#     build (tools/build-objects.sh);
#   - the last step boots its debug kernel in QEMU, with the KUnit suites
#     built in, and every QEMU test (kselftests/tests.list) passes on it,
#     with no kernel splat; so do the steps that kselftests/milestones.list
#     names (the ends of the series' parts), with the tests that exist
#     there and shorter stress phases (kselftests/run.sh --quick). With
#     --every-step, every step boots, and runs the tests that
#     kselftests/gates.list selects for it (tools/step-tests.sh).
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
#
#   --tests NAMES   run only these QEMU tests (comma-separated)
#   --last          run the QEMU tests at the last step only
#   --every-step    run QEMU tests at every step, as gates.list selects
#   --from N        build and test from step N on (N >= 1), e.g. to go on
#                   after an interrupted run; the first step it builds is
#                   then built from scratch (or from ccache)
#   --fresh         build and check every step, even one whose results an
#                   earlier run verified (see below)
#   --max-new N     build and check at most the last N of the steps that
#                   the step cache does not hold, besides the milestones
#                   and the last step (default 8; 0: no limit); the
#                   earlier ones are reported skipped, each with the
#                   reason. It keeps a run on a machine whose cache is
#                   cold within CI's time; a run without a limit fills
#                   the cache.
#
# A step that is neither the last nor a milestone, and whose tree, parent
# tree, tools, configuration fragments and compiler, sparse and coccinelle
# versions are all as in an earlier run where every build and check of it
# passed, is not built again: its results are replayed, marked "cached"
# (~/.cache/p2p-series/steps). A changed patch changes the tree of its
# step and of every later one, so exactly the steps it can affect run.
#
# Build directories are ./build/{debug,off,nozd,i386,arm64}, the guest console
# log of each step is ./build/logs/console-step-N.log; ccache and the base
# live in ~/.cache/p2p-series. ./linux, the tree you develop in, is not
# touched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
only=()
last=0
every=0
fresh=0
from=1
max_new=8
while [ $# -gt 0 ]; do
	case "$1" in
	--last)
		last=1
		shift
		;;
	--every-step)
		every=1
		shift
		;;
	--fresh)
		fresh=1
		shift
		;;
	--max-new)
		[[ ${2:-} =~ ^[0-9]+$ ]] || die "--max-new needs a number of steps (0: no limit)"
		max_new=$2
		shift 2
		;;
	--from)
		[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--from needs a step number (1 or more)"
		from=$2
		shift 2
		;;
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

step "b4 am of the thread series/ makes"
tools/b4-roundtrip.sh "$tree" || true

step "checkpatch"
tools/checkpatch.sh "$tree" || true

step "the tools' own tests"
tools/selftest.sh "$tree"

step "milestones"
if bad=$(milestones_unmatched "$tree") && [ -z "$bad" ]; then
	result PASS "kselftests/milestones.list names commits of the series"
else
	result FAIL "kselftests/milestones.list names commits of the series" "no commit: ${bad//$'\n'/; }"
fi

# Build and test every step, oldest first, so each build is incremental.
mapfile -t commits < <(git -C "$tree" rev-list --reverse "$BASE_TAG..$SERIES_BRANCH")
n=${#commits[@]}
built=0
built_nozd=0
# ok[CFG]: build/CFG holds a kernel that this run built without failure.
declare -A ok=([debug]=0 [off]=0)
[ "$from" -le "$n" ] || die "--from $from: the series has $n steps"
# The steps that would be built and checked although no test boots them:
# not in the step cache. Beyond --max-new of them, the earliest are not.
declare -A over_budget=()
if [ "$max_new" -gt 0 ] && [ $every -eq 0 ]; then
	uncached=()
	# j, not i: the loop below counts the steps in i from 0.
	for ((j = from; j < n; j++)); do
		c=${commits[j - 1]}
		is_milestone "$(git -C "$tree" log -1 --format=%s "$c")" && continue
		[ $fresh -eq 0 ] && [ -s "$STEP_CACHE/$(step_key "$tree" "$c")" ] && continue
		uncached+=("$j")
	done
	for ((k = 0; k < ${#uncached[@]} - max_new; k++)); do
		over_budget[${uncached[k]}]=1
	done
	[ ${#over_budget[@]} -eq 0 ] ||
		echo "check.sh: ${#uncached[@]} steps are not in the step cache; building the last $max_new (--max-new)" >&2
fi
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	[ $i -ge "$from" ] || continue
	subj=$(git -C "$tree" log -1 --format=%s "$c")
	# Only steps that boot nothing are cached: the QEMU tests are not.
	key=""
	if [ $i -lt $n ] && [ $every -eq 0 ] && ! is_milestone "$subj"; then
		key=$(step_key "$tree" "$c")
		if [ $fresh -eq 0 ] && step_replay "$key" "$i/$n"; then
			# build/* no longer holds this step's kernels.
			ok=([debug]=0 [off]=0)
			continue
		fi
		if [ -n "${over_budget[$i]:-}" ]; then
			result SKIP "builds and checks: $i/$n $subj" \
				"not in the step cache, and before the last $max_new such steps (--max-new)"
			ok=([debug]=0 [off]=0)
			continue
		fi
	fi
	first=$(($(wc -l <"$RESULTS") + 1))
	git -C "$tree" checkout -q "$c"
	# A build directory that the step's changes do not reach (see
	# build_uses_step in tools/lib.sh) already holds this step's kernel.
	for cfg in debug off; do
		if [ "${ok[$cfg]}" -eq 1 ] && [ $i -lt $n ] &&
			! build_uses_step "$tree" "build/$cfg" "$c"; then
			result SKIP "build $cfg: $i/$n $subj" "changes no file its $cfg kernel is built from"
			continue
		fi
		ok[$cfg]=0
		frags=off
		[ $cfg = debug ] && frags="test debug"
		step "building step $i/$n ($cfg): $subj"
		# shellcheck disable=SC2086
		if tools/build.sh "$tree" "build/$cfg" $frags; then
			result PASS "build $cfg: $i/$n $subj"
			ok[$cfg]=1
		else
			result FAIL "build $cfg: $i/$n $subj"
		fi
	done
	built=${ok[debug]}
	if [ $i -eq $n ]; then
		step "building step $i/$n (nozd): $subj"
		if tools/build.sh "$tree" build/nozd nozd; then
			result PASS "build nozd: $i/$n $subj"
			built_nozd=1
		else
			result FAIL "build nozd: $i/$n $subj"
		fi
		for arch in i386 arm64; do
			step "building step $i/$n ($arch): $subj"
			if tools/cross-build.sh $arch "$tree" "build/$arch"; then
				result PASS "build $arch: $i/$n $subj"
			else
				result FAIL "build $arch: $i/$n $subj"
			fi
		done
	fi
	[ $built -eq 1 ] || continue
	step "sparse on the files of step $i/$n"
	tools/sparse.sh "$tree" build/debug "$c" || true
	step "W=1, kernel-doc and coccinelle on the files of step $i/$n"
	tools/bots.sh "$tree" build/debug "$c" || true
	[ -z "$key" ] || step_store "$key" "$first" "$i/$n"
	[ $last -eq 0 ] || [ $i -eq $n ] || continue
	# QEMU runs at the last step, at the milestones, and with --every-step
	# everywhere: one boot and test run costs 2-8 minutes under TCG.
	stepargs=()
	if [ $i -eq $n ] || is_milestone "$subj"; then
		stepargs=(--last)
	elif [ $every -eq 0 ]; then
		continue
	fi
	step "QEMU tests at step $i/$n"
	# Shorter stress phases before the last step, to keep CI within time.
	quick=(--quick)
	[ $i -lt $n ] || quick=()
	# Gated tests (kselftests/gates.list) only where the step touches them,
	# but for the last step and the milestones.
	tests=$(tools/step-tests.sh "${stepargs[@]}" "${only[@]}" "$tree" "$c")
	if [ -z "$tests" ]; then
		result SKIP "qemu: step $i/$n" "no test selected for this step"
		continue
	fi
	RESULT_PREFIX="step $i/$n " kselftests/run.sh "${quick[@]}" --only "$tests" "$tree" build/debug ||
		result FAIL "qemu: step $i/$n harness" "kselftests/run.sh failed"
	mkdir -p build/logs
	cp build/debug/kselftests/console.log "build/logs/console-step-$i.log" 2>/dev/null || true
done

# The hotplug-without-ZONE_DEVICE configuration at the earlier steps that
# touch mm/ or include/linux/: compile, in the last step's full build, the
# objects that each such step changes, as they were at that step.
if [ $built_nozd -eq 1 ]; then
	step "compiling the mm/ and include/linux/ steps (nozd)"
	for ((i = from; i < n; i++)); do
		c=${commits[i - 1]}
		[ -n "$(git -C "$tree" diff --name-only "$c^" "$c" -- mm include/linux)" ] || continue
		subj=$(git -C "$tree" log -1 --format=%s "$c")
		if [ -n "${over_budget[$i]:-}" ]; then
			result SKIP "objects nozd: $i/$n $subj" "step not checked in this run (--max-new)"
			continue
		fi
		git -C "$tree" checkout -q "$c"
		if objs=$(tools/build-objects.sh x86_64 "$tree" build/nozd "$c"); then
			if [ -n "$objs" ]; then
				result PASS "objects nozd: $i/$n $subj" "${objs//$'\n'/ }"
			else
				result SKIP "objects nozd: $i/$n $subj" "changes no object this configuration builds"
			fi
		else
			result FAIL "objects nozd: $i/$n $subj"
		fi
	done
fi
git -C "$tree" checkout -q "$SERIES_BRANCH"

step "done"
summary
