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
scratch=$top/build/results/scratch/$rel
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
# Reclaim's calls of ptep_clear_flush() are dropped by cow_copy's caller
# filter: that hook is the one on a direct call, on every kernel here.
if awk '$1 == "cow_copy" && $6 == "ftrace-direct" { f = 1 } END { exit !f }' \
	/sys/kernel/debug/vmscope/probes; then
	tap OK cow_copy_direct
else
	tap FAIL cow_copy_direct "cow_copy is not on a direct call (dmesg says why)"
fi

# The kprobe fallback, taken where ftrace cannot attach: ftrace=0 hooks
# every function entry with a kprobe; the events cases must count the same.
# Right after the first events run, in the same memory conditions: twice,
# late in the run (after the reload and fuzz cases) and with three VMs or
# more on the host's two cores, 6.1's kcompactd0 was reported as a soft
# lockup during the second oom_global.
ftrace_off() {
	local p=/sys/kernel/debug/vmscope/probes nft nkp

	if ! rmmod vmscope; then
		tap FAIL rmmod_ftrace_on "rmmod failed"
		return
	fi
	if ! insmod "$ko" ftrace=0; then
		tap FAIL insmod_ftrace_off "insmod $ko ftrace=0 failed"
		insmod "$ko"
		return
	fi
	tap OK insmod_ftrace_off
	# event symbol state hits missed hook [(why)]
	nft=$(awk 'NR > 1 && $6 ~ /^ftrace/ && $3 ~ /^(attached|fallback)$/' "$p" | wc -l)
	nkp=$(awk 'NR > 1 && $6 == "kprobe" && $3 ~ /^(attached|fallback)$/' "$p" | wc -l)
	echo "# ftrace=0: $nkp entry hooks on kprobes, $nft on ftrace"
	if [ "$nft" -eq 0 ] && [ "$nkp" -gt 0 ]; then
		tap OK ftrace_off_kprobes_only
	else
		sed 's/^/#   /' "$p"
		tap FAIL ftrace_off_kprobes_only "$nft hooks on ftrace, $nkp on kprobes"
	fi
	harness_name=events_kprobe harness events
	oom_global_undo
	if rmmod vmscope && insmod "$ko"; then
		tap OK reload_ftrace_on
	else
		tap FAIL reload_ftrace_on "rmmod or insmod failed"
	fi
}

setup_vm
harness faults
harness events
oom_global_undo
cpus_offline
harness stalls
cpus_online
# stalls turned delay accounting on, to compare with taskstats.
echo 0 >/proc/sys/kernel/task_delayacct
ftrace_off
echo "# selftest client"
timeout -k 10 $((300 * slow)) "$top/selftests/client.sh" "$top" 2>&1 | tapify client
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
