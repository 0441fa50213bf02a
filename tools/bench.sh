#!/usr/bin/env bash
# Usage: tools/bench.sh [TREE [BUILD_DIR]]
#
# Times pfn_to_online_page() as it was in v7.3-rc7 (a copy in
# bench/pfn_bench.c) against the kernel's, in one guest run: builds the
# module for the kernel in BUILD_DIR (default ./build/debug, built from
# TREE, default ./linux, at a step with the series' pfn_to_online_page())
# and runs it under QEMU through kselftests/run.sh --list bench/bench.list.
# Prints ns per call on a RAM section and on the section that the guest's
# pmem namespace shares with RAM. The test kernels carry KASAN and lockdep:
# compare the two columns, not the numbers with other kernels.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -le 2 ] || die "usage: tools/bench.sh [TREE [BUILD_DIR]]"
tree=$(cd "${1:-$PROJECT_ROOT/linux}" && pwd)
build=$(cd "${2:-$PROJECT_ROOT/build/debug}" && pwd)
[ -f "$build/arch/x86/boot/bzImage" ] || die "no kernel in $build: build it with tools/build.sh"
need_cmd make gcc

mod=$build/pfn-bench
rm -rf "$mod"
mkdir -p "$mod"
cp "$PROJECT_ROOT/bench/pfn_bench.c" "$PROJECT_ROOT/bench/Kbuild" "$mod/"
log "building the benchmark module"
make -s -C "$tree" O="$build" ARCH=x86_64 CC="ccache gcc" M="$mod" modules ||
	die "building bench/pfn_bench.c failed"
"$PROJECT_ROOT/kselftests/run.sh" --list "$PROJECT_ROOT/bench/bench.list" \
	--extra "$mod/pfn_bench.ko" "$tree" "$build"
grep -a 'pfn_bench:' "$build/kselftests/console.log" | sed 's/^\[[^]]*\] //' | sort -u
