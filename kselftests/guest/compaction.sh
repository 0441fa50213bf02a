#!/bin/sh
# After the upstream compaction_test (direct compaction for hugetlb pages
# in fragmented memory): compact every zone, and offline and online a
# movable memory block in between, so that compaction's pageblock sampling
# and zone checks, which call pfn_to_online_page(), run while the kernel
# log is watched: with PROVE_RCU, a lookup outside RCU and mem_hotplug_lock
# is reported there and fails the test. It is a guard for the lockdep
# check of patch 51: before that patch it cannot fail for this reason.
# /proc/pagetypeinfo is read at each stage too, so that its page_owner
# walk runs under the same check. On x86-64 a pageblock is one subsection,
# so the per-subsection recheck of patch 57 is never taken here: the read
# can fail only for a splat in that loop, not for what patch 57 fixes.
# The legacy pmem range (memmap=32M!) should leave a hole in ZONE_DMA32,
# so that compaction checks each pageblock's zone; that is not verified.
set -u
if [ ! -w /proc/sys/vm/compact_memory ]; then
	echo "# SKIP: no /proc/sys/vm/compact_memory (CONFIG_COMPACTION=n)"
	exit 4
fi
n=0
fail=0
compact() {
	n=$((n + 1))
	if echo 1 >/proc/sys/vm/compact_memory; then
		echo "ok $n compact_memory $1"
	else
		echo "not ok $n compact_memory $1"
		fail=1
	fi
	# With page_owner=on, the mixed block count of pagetypeinfo walks
	# every pageblock with pfn_to_online_page().
	n=$((n + 1))
	if cat /proc/pagetypeinfo >/dev/null; then
		echo "ok $n read /proc/pagetypeinfo $1"
	else
		echo "not ok $n read /proc/pagetypeinfo $1"
		fail=1
	fi
}
compact "at start"
block=""
for b in /sys/devices/system/memory/memory*; do
	if [ "$(cat "$b/state")" = online ] &&
		grep -q Movable "$b/valid_zones" 2>/dev/null; then
		block=$b
		break
	fi
done
if [ -n "$block" ] && echo offline >"$block/state" 2>/dev/null; then
	echo "# offlined ${block##*/}"
	compact "with ${block##*/} offline"
	if ! echo online_movable >"$block/state"; then
		echo "# could not online ${block##*/} again"
		fail=1
	fi
else
	echo "# no movable memory block could be offlined; compacting once more"
	compact "again"
fi
compact "at end"
exit $fail
