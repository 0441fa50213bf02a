#!/usr/bin/env bash
# Usage: tools/deps.sh
#
# Installs the Debian packages the project's tools need (kernel build,
# QEMU, initramfs, checks). Installs only what is missing; needs root
# (or sudo) when something is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
usage_if_help "$@"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod
	rsync xz-utils zstd python3 git ccache qemu-system-x86 busybox-static
	perl ca-certificates bash-static python3-ply python3-git)

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
