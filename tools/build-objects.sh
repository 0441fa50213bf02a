#!/usr/bin/env bash
# Usage: tools/build-objects.sh ARCH TREE BUILD_DIR COMMIT
#
# Compiles in BUILD_DIR, a kernel build directory for ARCH (x86_64, i386
# or arm64) that a full build of another state of TREE made, the objects
# of the C and assembler files that COMMIT changes, among those that
# BUILD_DIR's configuration builds (whose .o file is there). TREE must
# have COMMIT checked out. Prints the objects, one per line; warnings fail
# it, as in a full build. tools/check.sh uses it to check, cheaply, that a
# step compiles in a configuration that it fully builds only at the last
# step.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -eq 4 ] || die "usage: tools/build-objects.sh ARCH TREE BUILD_DIR COMMIT"
arch=$1 tree=$2 build=$3 commit=$4
kmake_args "$arch"
[ -f "$tree/Makefile" ] || die "$tree is not a kernel source tree"
[ -f "$build/.config" ] || die "$build has no .config: build it fully first"
# make -C runs in TREE: a relative BUILD_DIR would name a directory there.
build=$(cd "$build" && pwd)
head=$(git -C "$tree" rev-parse HEAD)
[ "$head" = "$(git -C "$tree" rev-parse --verify "$commit^{commit}")" ] ||
	die "$tree does not have $commit checked out"

objs=()
while IFS= read -r f; do
	o=${f%.*}.o
	[ -f "$build/$o" ] && objs+=("$o")
done < <(git -C "$tree" diff --name-only --diff-filter=AM "$commit^" "$commit" -- \
	'*.c' '*.S' ':!tools/' ':!Documentation/' ':!samples/' ':!scripts/')
[ ${#objs[@]} -gt 0 ] || exit 0

fixed_build_stamps
log=$build/objects.log
make -C "$tree" O="$build" "${KMAKE[@]}" -s olddefconfig >"$log" 2>&1 ||
	die "olddefconfig failed in $build (log: $log)"
if ! make -C "$tree" O="$build" "${KMAKE[@]}" -j"$(($(nproc) + 1))" -s "${objs[@]}" >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -n 20 >&2 || true
	die "compiling ${objs[*]} failed in $build (log: $log)"
fi
if grep -E ': warning: ' "$log" >&2; then
	die "compiling ${objs[*]} in $build gave warnings (log: $log)"
fi
printf '%s\n' "${objs[@]}"
