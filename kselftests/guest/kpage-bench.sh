#!/bin/sh
# Time whole reads of /proc/kpageflags and /proc/kpagecount, to compare
# kernels (bench/kpage.list): five samples of ten reads each, per file.
set -u
now() { cut -d' ' -f1 /proc/uptime; }
for f in kpageflags kpagecount; do
	[ -r "/proc/$f" ] || { echo "# SKIP: no /proc/$f"; exit 4; }
	for s in 1 2 3 4 5; do
		t0=$(now)
		for r in 1 2 3 4 5 6 7 8 9 10; do
			dd if="/proc/$f" of=/dev/null bs=1M 2>/dev/null || exit 1
		done
		t1=$(now)
		echo "kpage_bench: $f sample $s: 10 reads in $(awk "BEGIN { print $t1 - $t0 }") s"
	done
done
