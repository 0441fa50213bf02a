#!/usr/bin/env bash
# Usage: tools/build.sh TREE BUILD_DIR [FRAGMENT...]
#
# Configures (tools/kconfig.sh) and builds an x86_64 kernel (bzImage and
# modules) from the source TREE into BUILD_DIR, through ccache, with the
# config FRAGMENTs (e.g. "test debug") on top of tinyconfig. The log is
# BUILD_DIR/build.log; its tail is shown when the build fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -ge 2 ] || die "usage: tools/build.sh TREE BUILD_DIR [FRAGMENT...]"
tree=$1 build=$2
shift 2
mkdir -p "$build"
build=$(cd "$build" && pwd)
need_cmd make gcc ccache

"$PROJECT_ROOT/tools/kconfig.sh" "$tree" "$build" "$@"
ccache -M 20G >/dev/null
fixed_build_stamps
jobs=$(($(nproc) + 1))
if ! make -C "$tree" O="$build" ARCH=x86_64 CC="ccache gcc" -j"$jobs" -s \
	bzImage modules >"$build/build.log" 2>&1; then
	grep -E 'error|Error' "$build/build.log" | head -n 20 >&2 || true
	tail -n 20 "$build/build.log" >&2
	die "kernel build failed in $build (log: $build/build.log)"
fi
# Warnings are errors for the series: report them.
if grep -E ': warning: ' "$build/build.log" >&2; then
	die "kernel build in $build has warnings (log: $build/build.log)"
fi
