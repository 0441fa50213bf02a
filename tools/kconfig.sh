#!/usr/bin/env bash
# Usage: tools/kconfig.sh TREE BUILD_DIR [FRAGMENT...]
#
# Writes BUILD_DIR/.config for the kernel source TREE: tinyconfig for
# $KARCH (default x86_64; also i386, arm64 with CROSS_COMPILE set),
# then each FRAGMENT (a path, or a name under configs/ such as "test" or
# "debug"), then olddefconfig. Fails, naming them, when a requested option
# did not survive olddefconfig; an option that no Kconfig file of TREE
# defines (one a later patch adds) is skipped with a note.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"
[ $# -ge 2 ] || die "usage: tools/kconfig.sh TREE BUILD_DIR [FRAGMENT...]"
tree=$1 build=$2
shift 2
mkdir -p "$build"
build=$(cd "$build" && pwd)
[ -f "$tree/Makefile" ] || die "$tree is not a kernel source tree"

frags=()
for f in "$@"; do
	[ -f "$f" ] || f=$PROJECT_ROOT/configs/$f.config
	[ -f "$f" ] || die "no config fragment '$f'"
	frags+=("$f")
done

mkdir -p "$build"
karch=${KARCH:-x86_64}
make -s -C "$tree" O="$build" ARCH="$karch" tinyconfig >/dev/null
"$tree/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "${frags[@]}" >/dev/null
make -s -C "$tree" O="$build" ARCH="$karch" olddefconfig >/dev/null

bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) want="# ${line%%=*} is not set" ;;
	CONFIG_*) want=$line ;;
	*) continue ;;
	esac
	if ! grep -qxF -- "$want" "$build/.config"; then
		[ "${line#*=}" = n ] && ! grep -q "^${line%%=*}=" "$build/.config" && continue
		# An option that a later patch of the series adds.
		sym=${line%%=*}
		if ! grep -rqx --include='Kconfig*' "config ${sym#CONFIG_}" "$tree"; then
			echo "kconfig: $sym is not in this tree, skipped" >&2
			continue
		fi
		echo "kconfig: $line did not survive olddefconfig" >&2
		bad=1
	fi
done < <(cat "${frags[@]}" /dev/null)
[ $bad -eq 0 ] || die "config fragments not satisfied (see above)"
