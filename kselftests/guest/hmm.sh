#!/bin/sh
# Usage: hmm.sh HMM_TESTS [ARGS...]
# Run the upstream hmm-tests selftest (tools/testing/selftests/mm) with the
# test_hmm module loaded, as run_vmtests.sh's "hmm" category does through
# test_hmm.sh, but keep the test's exit code: test_hmm.sh exits 0 whatever
# hmm-tests reported. Unloading the module afterwards evicts and frees the
# device-private memory the tests left behind, so that path runs too.
# Reserves HMM_HUGEPAGES (default 4) hugetlb pages for the hugetlbfs cases
# and puts vm.nr_hugepages back afterwards. The device-coherent variants
# need SPM address ranges (spm_addr_dev0/1) that this QEMU machine does not
# have; hmm-tests skips them.
set -u
nr=/proc/sys/vm/nr_hugepages
old_nr=
if [ -w "$nr" ]; then
	old_nr=$(cat "$nr")
	echo "${HMM_HUGEPAGES:-4}" >"$nr"
fi
restore() {
	[ -z "$old_nr" ] || echo "$old_nr" >"$nr"
}
if ! modprobe test_hmm; then
	restore
	echo "# SKIP: cannot load test_hmm (CONFIG_TEST_HMM=m needed)"
	exit 4
fi
"$@"
rc=$?
if ! modprobe -r test_hmm; then
	echo "not ok: cannot unload test_hmm"
	rc=1
fi
restore
exit $rc
