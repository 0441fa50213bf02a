#!/bin/sh
# Check that the harness's cold-plugged pc-dimm (256 MiB) can be taken away
# from inside the guest: eject it through ACPI, which offlines and removes
# its memory blocks, and see the memory go. Later tests rely on this to tear
# memmaps down.
set -u
dimm=$(ls -d /sys/bus/acpi/devices/PNP0C80:* 2>/dev/null | head -n1)
if [ -z "$dimm" ]; then
	echo "# SKIP: no ACPI memory device (PNP0C80)"
	exit 4
fi
memtotal() { awk '/^MemTotal:/ { print $2 }' /proc/meminfo; }
before=$(memtotal)
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
