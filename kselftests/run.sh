#!/usr/bin/env bash
# Usage: kselftests/run.sh [--only NAMES] [--tests-from TREE2] [--list FILE]
#                          [--extra FILE]... [--quick] TREE BUILD_DIR
#
# Runs the QEMU tests of kselftests/tests.list against the kernel built in
# BUILD_DIR (tools/build.sh) from TREE: builds the selftests named there
# from TREE (statically), packs them with busybox into an initramfs, boots
# qemu-system-x86_64 (TCG, -M q35, 2 vCPUs, 2 GiB, a 256 MiB cold-plugged
# pc-dimm, an NVMe controller with a 64 MiB CMB published as p2pmem, and
# a 32 MiB legacy pmem range at 0x78000000) and prints one TAP line per
# test, plus one for the kernel log: any BUG, WARNING, KASAN report,
# lockdep or RCU splat, hung task or panic fails the test during which it
# appeared. With RESULTS set (see tools/lib.sh) results are appended there.
#
#   --only NAMES        run only these tests (comma-separated), e.g. p2pmem
#   --tests-from TREE2  take the selftests from TREE2 instead of TREE: run a
#                       later step's tests on an earlier step's kernel, to
#                       see that a test of new behaviour fails without it
#   --list FILE         the tests to run instead of kselftests/tests.list
#                       (same format), e.g. bench/bench.list
#   --extra FILE        copy FILE into the guest's test directory /t too
#   --quick             shorter stress phases (P2PMEM_STRESS_SECONDS=3,
#                       PFN_WALKERS_SECONDS=5): tools/check.sh uses this at
#                       every step but the last
#
# The guest console log is BUILD_DIR/kselftests/console.log.
set -euo pipefail
. "$(dirname "$0")/../tools/lib.sh"
usage_if_help "$@"

only=''
from=''
list=$PROJECT_ROOT/kselftests/tests.list
extra=()
quick=0
while [ $# -gt 0 ]; do
	case "$1" in
	--quick)
		quick=1
		shift
		;;
	--list)
		[ $# -ge 2 ] || die "--list needs a file"
		[ -f "$2" ] || die "no tests list '$2'"
		list=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
		shift 2
		;;
	--extra)
		[ $# -ge 2 ] || die "--extra needs a file"
		[ -f "$2" ] || die "no file '$2'"
		extra+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
		shift 2
		;;
	--tests-from)
		[ $# -ge 2 ] || die "--tests-from needs a tree"
		[ -d "$2/tools/testing/selftests" ] || die "$2 is not a kernel tree"
		from=$(cd "$2" && pwd)
		shift 2
		;;
	--only)
		[ $# -ge 2 ] || die "--only needs a test name"
		only=$2
		shift 2
		;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die "usage: kselftests/run.sh [--only NAMES] TREE BUILD_DIR"
tree=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
kernel=$build/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel: build it with tools/build.sh"
need_cmd qemu-system-x86_64 cpio make gcc
busybox=/bin/busybox
[ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 ||
	die "a static /bin/busybox is needed (run tools/deps.sh: busybox-static)"
bash_static=$(command -v bash-static || echo /bin/bash-static)
[ -x "$bash_static" ] || die "bash-static is not installed (run tools/deps.sh)"

here=$PROJECT_ROOT/kselftests
selftests=${from:-$tree}/tools/testing/selftests
work=$build/kselftests
rm -rf "$work"
mkdir -p "$work/root"/{bin,sbin,proc,sys,dev,tmp,t/guest,etc,root}
root=$work/root

# The selected tests, in manifest order.
mapfile -t lines < <(grep -vE '^[[:space:]]*(#|$)' "$list")
if [ -n "$only" ]; then
	for n in ${only//,/ }; do
		printf '%s\n' "${lines[@]}" | awk -v n="$n" '$1 == n { f = 1 } END { exit !f }' ||
			die "no test '$n' in $list"
	done
	mapfile -t lines < <(printf '%s\n' "${lines[@]}" | awk -v o=",$only," 'index(o, "," $1 ",")')
fi

log "building kernel headers"
make -s -C "$tree" O="$build" ARCH=x86_64 headers >/dev/null

# stage PATH: put the program ./PATH of a test into the initramfs; fail
# when it does not exist in this tree.
stage() {
	local p=${1#./} dir base src
	[ -e "$root/t/$p" ] && return 0
	src=$(selftest_source "$1")
	case "$src" in
	kselftests/*)
		[ -f "$PROJECT_ROOT/$src" ] || return 1
		install -m 755 "$PROJECT_ROOT/$src" "$root/t/$p"
		;;
	*.sh)
		[ -f "${from:-$tree}/$src" ] || return 1
		install -D -m 755 "${from:-$tree}/$src" "$root/t/$p"
		;;
	*)
		dir=${p%/*} base=${p##*/}
		[ -f "${from:-$tree}/$src" ] || return 1
		mkdir -p "$work/st/$dir"
		make -s -C "$selftests/$dir" OUTPUT="$work/st/$dir" \
			KHDR_INCLUDES="-isystem $build/usr/include" LDFLAGS=-static \
			"$work/st/$dir/$base" >"$work/st-$base.log" 2>&1 ||
			{ cat "$work/st-$base.log" >&2; die "building selftest $p failed"; }
		install -D -m 755 "$work/st/$dir/$base" "$root/t/$p"
		;;
	esac
}

: >"$root/tests.list"
declare -A skipped=()
for l in "${lines[@]}"; do
	read -r name _ cmd <<<"$l"
	ok=1
	for w in $cmd; do
		case "$w" in ./*) stage "$w" || ok=0 ;; esac
	done
	if [ $ok -eq 1 ]; then
		echo "$l" >>"$root/tests.list"
	else
		skipped[$name]=1
	fi
done

for f in "${extra[@]}"; do
	install -m 644 "$f" "$root/t/"
done
# The guest's /init sources /env before the first test.
if [ $quick -eq 1 ]; then
	echo "export P2PMEM_STRESS_SECONDS=3 PFN_WALKERS_SECONDS=5" >"$root/env"
fi

log "packing the initramfs"
install -m 755 "$busybox" "$root/bin/busybox"
for a in $("$busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	[ -e "$root/sbin/$a" ] || ln -s ../bin/busybox "$root/sbin/$a"
done
rm -f "$root/bin/bash"
install -m 755 "$bash_static" "$root/bin/bash"
install -m 755 "$here/init" "$root/init"
make -s -C "$tree" O="$build" ARCH=x86_64 INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 \
	modules_install >/dev/null
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$work/initramfs.cpio"

truncate -s 256M "$work/nvme.img"
# A hung task, soft lockup or RCU stall panics the guest, and a panic ends
# QEMU, so that a hang costs a minute rather than the whole time budget.
panic="hung_task_panic=1 softlockup_panic=1 sysctl.kernel.panic_on_rcu_stall=1 panic=-1"
# Guest time: boot plus every test's timeout.
budget=$(awk '{ s += $2 } END { print s + 180 }' "$root/tests.list")
log "booting the test kernel (at most ${budget}s)"
set +e
timeout --foreground -k 10 "$budget" qemu-system-x86_64 \
	-M q35 -accel tcg -smp 2 -m 2G,slots=4,maxmem=4G \
	-object memory-backend-ram,id=dimm0m,size=256M -device pc-dimm,id=dimm0,memdev=dimm0m \
	-drive file="$work/nvme.img",if=none,id=nvm0,format=raw \
	-device nvme,serial=p2pmem0,drive=nvm0,cmb_size_mb=64 \
	-kernel "$kernel" -initrd "$work/initramfs.cpio" \
	-append "console=ttyS0 memmap=32M!0x78000000 memhp_default_state=online_movable memory_hotplug.memmap_on_memory=1 page_owner=on $panic" \
	-display none -serial file:"$work/console.log" -monitor none -no-reboot \
	</dev/null >"$work/qemu.log" 2>&1
qrc=$?
set -e
[ $qrc -eq 0 ] || log "qemu exited with $qrc (124: timed out); see $work/console.log"
# How long the guest spent booting and in each test (kselftests/init).
times=$(tr -d '\r' <"$work/console.log" | sed -n 's/^### TIME \([^ ]*\) \([0-9]*\)$/\1 \2s/p' | paste -sd, -)
[ -z "$times" ] || log "guest time: ${times//,/, }"

names=()
for l in "${lines[@]}"; do
	read -r name _ <<<"$l"
	if [ -n "${skipped[$name]:-}" ]; then
		names+=("-$name")
	else
		names+=("$name")
	fi
done
"$here/verdict.sh" "$work/console.log" "${names[@]}"
