#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (virtme-ng): load vmscope, run every selftest, unload
# it, and fail on any kernel warning, BUG or splat in dmesg.  Prints TAP
# lines ("ok N ..." / "not ok N ...") that the host counts.
#
# usage: guest.sh TOP   (TOP: the project folder, shared with the host)
set -u
top=$1
rel=$(uname -r)
ko=$top/build/$rel/vmscope.ko
scratch=$top/build/results/scratch
n=0

. "$top/selftests/lib.sh"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
mkdir -p "$scratch"
echo "# kernel $rel, $(nproc) CPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) kB"
dmesg >/var/tmp/vmscope-dmesg.before 2>/dev/null || true
before=$(dmesg | wc -l)

if insmod "$ko"; then
	tap OK insmod
else
	tap FAIL insmod "insmod $ko failed"
	exit 0
fi
echo "# probes:"
sed 's/^/#   /' /sys/kernel/debug/vmscope/probes

setup_vm
harness faults
harness events
echo "# selftest client"
timeout -k 10 300 "$top/selftests/client.sh" "$top" 2>&1 | tapify client
harness netlink
harness fuzz
harness reload

if rmmod vmscope || { sleep 2 && rmmod vmscope; }; then
	tap OK rmmod
else
	tap FAIL rmmod "rmmod failed"
fi

dmesg_check "$before"
echo "# guest done"
