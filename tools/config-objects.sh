#!/usr/bin/env bash
# Usage: tools/config-objects.sh FRAGMENT TREE BUILD_DIR OBJECT...
#
# Configures BUILD_DIR as an x86_64 tinyconfig with configs/FRAGMENT.config
# (tools/kconfig.sh) and compiles only the named OBJECTs there (e.g.
# drivers/hv/mshv_vtl_main.o), with W=1, through ccache: the cheap way to
# check code that no test kernel builds, such as a driver for a hypervisor
# this machine does not have. Warnings fail it. An object whose source is
# not in TREE is an error. The log is BUILD_DIR/objects.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -ge 4 ] || die "usage: tools/config-objects.sh FRAGMENT TREE BUILD_DIR OBJECT..."
frag=$1 tree=$2 build=$3
shift 3
[ -f "$PROJECT_ROOT/configs/$frag.config" ] || die "no config fragment configs/$frag.config"
[ -f "$tree/Makefile" ] || die "$tree is not a kernel source tree"
for o in "$@"; do
	case "$o" in
	*.o) [ -f "$tree/${o%.o}.c" ] || [ -f "$tree/${o%.o}.S" ] || die "no source for $o in $tree" ;;
	*) die "not an object file: '$o'" ;;
	esac
done
need_cmd make gcc ccache
kmake_args x86_64
mkdir -p "$build"
build=$(cd "$build" && pwd)
"$PROJECT_ROOT/tools/kconfig.sh" "$tree" "$build" "$frag"
fixed_build_stamps
log=$build/objects.log
if ! make -C "$tree" O="$build" "${KMAKE[@]}" W=1 -j"$(($(nproc) + 1))" -s "$@" >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 20 >&2 || true
	die "compiling $* failed in $build (log: $log)"
fi
if grep -E ': warning: ' "$log" >&2; then
	die "compiling $* in $build gave warnings (log: $log)"
fi
