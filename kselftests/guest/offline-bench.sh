#!/bin/sh
# Run the memory offline/online benchmark (bench/offline_bench.c, staged as
# /t/offline_bench, mode 644, by tools/bench-offline.sh) with the given rounds.
set -u
if [ ! -f /t/offline_bench ]; then
	echo "# SKIP: /t/offline_bench is not staged (run tools/bench-offline.sh)"
	exit 4
fi
chmod 755 /t/offline_bench || exit 1
exec /t/offline_bench "$@"
