#!/usr/bin/env bash
# Usage: tools/deps.sh [apply]
#
# Installs the Debian packages the project's tools need (kernel build,
# QEMU, initramfs, checks), or with "apply" only those tools/apply.sh
# needs. Installs only what is missing; needs root (or sudo) when
# something is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

case "${1:-}" in
'') ;;
apply) ;;
*) die "unknown package set '$1' (see --help)" ;;
esac
pkgs=(git xz-utils ca-certificates)
[ "${1:-}" = apply ] || pkgs+=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod
	rsync zstd python3 ccache qemu-system-x86 busybox-static perl bash-static
	python3-ply python3-git gcc-aarch64-linux-gnu coccinelle b4)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
log "installing: ${missing[*]}"
$sudo apt-get update -qq || die "apt-get update failed"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
	die "apt-get install failed for: ${missing[*]}"
