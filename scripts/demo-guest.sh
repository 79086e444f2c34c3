#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest side of make demo (runs inside the VM).
set -eu
top=$1
d=/sys/kernel/debug/vmscope
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
insmod "$top/build/$(uname -r)/vmscope.ko"
echo
echo "== vmscope loaded on $(uname -r); probes:"
cat $d/probes
echo
echo "== demand paging: a process maps 64 MiB and touches every 4 KiB page once"
"$top/build/selftests/workloads/touch" 16384 >/tmp/vmscope-demo.out &
pid=$!
while ! grep -q touched /tmp/vmscope-demo.out 2>/dev/null; do sleep 0.2; done
echo "   16384 pages touched: at least 16384 minor faults expected"
echo
echo "-- vmscope (debugfs processes):"
head -n 1 $d/processes
awk -v p="$pid" '$1 == p' $d/processes
echo "-- the kernel (/proc/$pid/stat fields 10 and 12):"
awk '{ sub(/.*\) /, ""); print "   minflt " $8 "   majflt " $10 }' /proc/$pid/stat
echo "-- the client (userspace/vmscope show $pid), over netlink:"
"$top/userspace/vmscope" show $pid | head -n 5
kill $pid
wait $pid 2>/dev/null || true
echo
echo "== debugfs summary (system totals since load)"
cat $d/summary
echo
echo "== vmscope ps --sort minflt -n 5"
"$top/userspace/vmscope" ps --sort minflt -n 5
rmmod vmscope
