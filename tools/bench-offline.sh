#!/usr/bin/env bash
# Usage: tools/bench-offline.sh [--boots N] OLD NEW [TREE [BUILD_DIR]]
#
# Times the offlining and onlining of memory blocks (bench/offline_bench.c:
# the guest's DIMM blocks, onlined movable, 20 rounds) on the kernels of two
# commits OLD and NEW of TREE (default ./linux), booted in turn N times each
# (default 2), in the QEMU machine of kselftests/run.sh, whose command line
# has page_owner=on and memory_hotplug.memmap_on_memory=1. Each kernel is
# built in BUILD_DIR (default ./build/debug) with the test and debug
# fragments, so only what differs between OLD and NEW is rebuilt at each
# turn; these kernels carry KASAN and lockdep: compare OLD with NEW, not
# with other kernels. TREE's checkout is restored at the end.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
boots=2
if [ "${1:-}" = --boots ]; then
	[[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--boots needs a number (1 or more)"
	boots=$2
	shift 2
fi
[ $# -ge 2 ] && [ $# -le 4 ] || die "usage: tools/bench-offline.sh [--boots N] OLD NEW [TREE [BUILD_DIR]]"
tree=$(cd "${3:-$PROJECT_ROOT/linux}" && pwd)
old=$(git -C "$tree" rev-parse --verify -q "$1^{commit}" 2>/dev/null) || die "no commit '$1' in $tree"
new=$(git -C "$tree" rev-parse --verify -q "$2^{commit}" 2>/dev/null) || die "no commit '$2' in $tree"
mkdir -p "${4:-$PROJECT_ROOT/build/debug}"
build=$(cd "${4:-$PROJECT_ROOT/build/debug}" && pwd)
need_cmd gcc
head=$(git -C "$tree" symbolic-ref -q --short HEAD || git -C "$tree" rev-parse HEAD)
trap 'git -C "$tree" checkout -q "$head"' EXIT

bin=$build/offline-bench/offline_bench
mkdir -p "${bin%/*}"
gcc -static -O2 -Wall -o "$bin" "$PROJECT_ROOT/bench/offline_bench.c" ||
	die "building bench/offline_bench.c failed"
for ((b = 1; b <= boots; b++)); do
	for c in "$old" "$new"; do
		git -C "$tree" checkout -q "$c"
		log "boot $b: $(git -C "$tree" log -1 --format='%h %s' "$c")"
		"$PROJECT_ROOT/tools/build.sh" "$tree" "$build" test debug >/dev/null
		# run.sh fails the run on a kernel splat; the figures are
		# printed either way, and a missing result ends the tool.
		"$PROJECT_ROOT/kselftests/run.sh" --list "$PROJECT_ROOT/bench/offline.list" \
			--extra "$bin" "$tree" "$build" >/dev/null ||
			log "boot $b: the guest run failed (see $build/kselftests/console.log)"
		label=new
		[ "$c" = "$new" ] || label=old
		grep -aq 'offline_bench: offline ' "$build/kselftests/console.log" ||
			die "boot $b: no offline time from $label kernel (see $build/kselftests/console.log)"
		grep -a 'offline_bench:\|^# \(memmap_on\|page_owner\)' "$build/kselftests/console.log" |
			sed "s/^\[[^]]*\] //; s/^/$label boot $b: /"
	done
done
