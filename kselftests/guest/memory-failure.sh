#!/bin/sh
# Usage: memory-failure.sh MEMORY_FAILURE [ARGS...]
# Run the upstream memory-failure selftest (tools/testing/selftests/mm):
# madvise(MADV_HWPOISON) and MADV_SOFT_OFFLINE on anonymous and page cache
# pages, through memory_failure() and soft_offline_page(). Each case
# unpoisons its page through hwpoison_inject's debugfs file, so the module
# is loaded first, as run_vmtests.sh's "memory-failure" category does, and
# unloaded again if this script loaded it. The page cache cases skip on
# the guest's root file system, which the test does not support.
set -u
loaded=
if [ ! -d /sys/kernel/debug/hwpoison ]; then
	if ! modprobe hwpoison_inject; then
		echo "# SKIP: cannot load hwpoison_inject (CONFIG_HWPOISON_INJECT=m needed)"
		exit 4
	fi
	loaded=1
fi
"$@"
rc=$?
if [ -n "$loaded" ] && ! modprobe -r hwpoison_inject; then
	echo "not ok: cannot unload hwpoison_inject"
	rc=1
fi
exit $rc
