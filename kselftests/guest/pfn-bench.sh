#!/bin/sh
# Load the pfn_to_online_page() benchmark (bench/pfn_bench.c, staged as
# /t/pfn_bench.ko by tools/bench.sh) on the pmem namespace's section and
# print its results; fail when the module refuses to load.
set -u
ns=/sys/bus/nd/devices/namespace0.0
if [ ! -e "$ns/resource" ]; then
	echo "# SKIP: no pmem namespace"
	exit 4
fi
start=$(($(cat "$ns/resource") / 4096))
end=$((start + $(cat "$ns/size") / 4096))
# The end of the highest zone span, for the walk over all pfns
walk=$(awk '$1 == "spanned" { sp = $2 } $1 == "start_pfn:" { e = $2 + sp; if (e > m) m = e } END { print m + 0 }' /proc/zoneinfo)
dmesg -c >/dev/null
insmod /t/pfn_bench.ko dev_start="$start" dev_end="$end" walk_end="$walk" rounds=20
rc=$?
dmesg | grep pfn_bench
exit $rc
