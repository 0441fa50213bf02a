#!/bin/sh
# Check that the harness's cold-plugged pc-dimm (256 MiB) can be taken away
# from inside the guest: eject it through ACPI, which offlines and removes
# its memory blocks, and see the memory go, while /proc/kpageflags and
# /proc/kpagecount are read all along (the kernel log must stay clean).
set -u
dimm=$(ls -d /sys/bus/acpi/devices/PNP0C80:* 2>/dev/null | head -n1)
if [ -z "$dimm" ]; then
	echo "# SKIP: no ACPI memory device (PNP0C80)"
	exit 4
fi
memtotal() { awk '/^MemTotal:/ { print $2 }' /proc/meminfo; }
before=$(memtotal)
(
	while :; do
		cat /proc/kpageflags /proc/kpagecount >/dev/null 2>&1
	done
) &
reader=$!
trap 'kill $reader 2>/dev/null' EXIT
echo "# $dimm: status $(cat "$dimm/status" 2>/dev/null), MemTotal $before kB"
if ! echo 1 >"$dimm/eject"; then
	echo "not ok 1 eject $dimm"
	exit 1
fi
i=0
while [ $((before - $(memtotal))) -lt 200000 ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
after=$(memtotal)
echo "# status $(cat "$dimm/status" 2>/dev/null), MemTotal $after kB after eject"
if [ $((before - after)) -lt 200000 ]; then
	echo "not ok 1 MemTotal did not drop by the DIMM's 256 MiB"
	for b in /sys/devices/system/memory/memory*; do
		echo "# ${b##*/}: $(cat "$b/state") $(cat "$b/valid_zones" 2>/dev/null)"
	done
	exit 1
fi
echo "ok 1 pc-dimm ejected"
