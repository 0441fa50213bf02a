#!/usr/bin/env bash
# Usage: tools/cross-build.sh i386|arm64 TREE BUILD_DIR
#
# Builds vmlinux from TREE for another architecture than the test kernels:
# i386 (32-bit x86, where there is no memory hotplug and pfn_active() is
# pfn_valid(); configs/i386.config) or arm64 (memory hotplug, ZONE_DEVICE
# and the PFN walkers; configs/arm64.config, with aarch64-linux-gnu-gcc),
# on top of tinyconfig, through ccache. Warnings fail the build. The log is
# BUILD_DIR/build.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -eq 3 ] || die "usage: tools/cross-build.sh i386|arm64 TREE BUILD_DIR"
arch=$1 tree=$2 build=$3
[ "$arch" != x86_64 ] || die "unknown architecture 'x86_64': i386 or arm64 (tools/build.sh builds x86_64)"
kmake_args "$arch"
need_cmd make ccache "${KCROSS}gcc"
mkdir -p "$build"
build=$(cd "$build" && pwd)

# kconfig probes the compiler too.
export CROSS_COMPILE=$KCROSS
KARCH=$arch "$PROJECT_ROOT/tools/kconfig.sh" "$tree" "$build" "$arch"
fixed_build_stamps
if ! make -C "$tree" O="$build" "${KMAKE[@]}" -j"$(($(nproc) + 1))" -s vmlinux >"$build/build.log" 2>&1; then
	grep -E 'error|Error' "$build/build.log" | head -n 20 >&2 || true
	die "$arch build failed in $build (log: $build/build.log)"
fi
if grep -E ': warning: ' "$build/build.log" >&2; then
	die "$arch build in $build has warnings (log: $build/build.log)"
fi
