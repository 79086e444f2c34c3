#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the benchmark VM (scripts/bench.sh boots it with QEMU
# -icount): every workload under every configuration, interleaved round by
# round, then the snapshot and memory measurements.  Prints one line per
# measurement:
#   run ROUND CONFIG WORKLOAD NS
#   snap PROCS WHAT NS
#   mem PROCS TRACKED ENTRY_BYTES TABLE_BYTES
#   info TEXT
#
# usage: guest.sh TOP ROUNDS
set -u
top=$1
rounds=${2:-5}
rel=$(uname -r)
ko=$top/build/$rel/vmscope.ko
wl=$top/build/bench/workload
vs=$top/userspace/vmscope
d=/sys/kernel/debug/vmscope

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
if ! grep -q '^/dev/zram' /proc/swaps; then
	modprobe zram num_devices=1 && echo 256M >/sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
fi
echo 0 >/proc/sys/vm/page-cluster
# Major faults read from a RAM disk (brd): block I/O that completes in the
# guest's own instructions, deterministic under -icount.
data=$top/build/bench/major.dat
if modprobe brd rd_nr=1 rd_size=8192 && mkfs.ext2 -q /dev/ram0 &&
	mkdir -p /tmp/vmscope-major && mount /dev/ram0 /tmp/vmscope-major &&
	cp "$data" /tmp/vmscope-major/; then
	data=/tmp/vmscope-major/major.dat
else
	echo "info no RAM disk (brd): major faults read over 9p (noisy)"
fi
echo "info kernel $rel, $(nproc) CPUs, swap $(tail -n +2 /proc/swaps | awk '{ print $1 }')"

# Workloads and their sizes (pages), sized for TCG.
WORKLOADS="anon:4096 cow:2048 pgtbl:256 major:256 swap:1024 thrash:2048"

# thrash runs in a cgroup that holds half its pages.
thrash_cg=/sys/fs/cgroup/vmscope-bench-thrash
grep -q memory /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p $thrash_cg && echo 4M >$thrash_cg/memory.max ||
	echo "info no memory cgroup: thrash runs unlimited (no thrashing)"

wl_run() {	# wl_run WORKLOAD PAGES: its time, or nothing
	if [ "$1" = thrash ]; then
		sh -c 'echo $$ >"$0/cgroup.procs" 2>/dev/null; exec "$@"' \
			$thrash_cg "$wl" "$1" "$2"
	else
		"$wl" "$1" "$2" "$data"
	fi
}

run_all() {	# run_all ROUND CONFIG
	local w n t
	warm
	for spec in $WORKLOADS; do
		w=${spec%%:*}
		n=${spec#*:}
		t=$(wl_run "$w" "$n" 2>/dev/null) || t=fail
		echo "run $1 $2 $w $t"
	done
}

# bpftrace: start a script, wait until its probes are attached.
bpf_start() {	# bpf_start PROGRAM
	rm -f /tmp/vmscope-bpf.out
	bpftrace -e "$1" >/tmp/vmscope-bpf.out 2>&1 &
	bpf=$!
	for _ in $(seq 600); do
		grep -q '^Attaching' /tmp/vmscope-bpf.out 2>/dev/null && sleep 1 && return 0
		kill -0 $bpf 2>/dev/null || break
		sleep 0.2
	done
	echo "info bpftrace did not attach: $(head -c 200 /tmp/vmscope-bpf.out)"
	kill $bpf 2>/dev/null
	bpf=
	return 1
}

bpf_stop() {
	[ -n "${bpf:-}" ] && kill -INT $bpf 2>/dev/null && wait $bpf 2>/dev/null
	bpf=
}

# What vmscope counts of stalls and refaults, counted the same way: the
# stall's time per process, swap reads timed, refaults counted.  6.1
# reads a swapped page with swap_readpage().
swapread=swap_read_folio
grep -q ' swap_read_folio$' /proc/kallsyms || swapread=swap_readpage
BPF_STALLS="kprobe:psi_memstall_enter { @m[tid] = nsecs; }
kprobe:psi_memstall_leave /@m[tid]/ { @stall[pid] = sum(nsecs - @m[tid]); delete(@m[tid]); }
kprobe:$swapread { @r[tid] = nsecs; }
kretprobe:$swapread /@r[tid]/ { @swapin[pid] = sum(nsecs - @r[tid]); delete(@r[tid]); }
kprobe:workingset_refault { @refault[pid] = count(); }"
BPF_COUNT="kprobe:handle_mm_fault { @[pid] = count(); }
$BPF_STALLS"
BPF_HIST="kprobe:handle_mm_fault { @s[tid] = nsecs; }
kretprobe:handle_mm_fault /@s[tid]/ { @h = hist(nsecs - @s[tid]); delete(@s[tid]); }
$BPF_STALLS"

have_bpf=0
command -v bpftrace >/dev/null && have_bpf=1
[ $have_bpf = 1 ] || echo "info bpftrace not installed: its configurations are skipped"

# Round 0 warms the page cache, the binaries and the module file up; its
# lines are "warm", not "run", and do not count.
for spec in $WORKLOADS; do
	wl_run "${spec%%:*}" "${spec#*:}" >/dev/null 2>&1
done
insmod "$ko" && rmmod vmscope

# On 6.1, once bpftrace has detached, anonymous faults stay 4-5 % slower
# for a while (seconds, and the first workloads run after it): whichever
# configuration came next read slow (unloaded 0.955x of vmscope, or
# vmscope 1.046x).  Each round therefore starts after an untimed pass of
# every workload and a rest, and each configuration's timed pass follows
# an untimed one of its own: what ran before it (bpftrace's exit, a module
# load) leaves the page allocator and the LRU lists in another state, and
# under -icount that is other instructions (6.12's pgtbl read 1.012x in
# the first round of a run and 1.060-1.080x after bpftrace in the next).
warm() {
	for spec in $WORKLOADS; do
		wl_run "${spec%%:*}" "${spec#*:}" >/dev/null 2>&1
	done
}

settle() {
	warm
	sleep 2
}

for r in $(seq "$rounds"); do
	settle
	insmod "$ko" || { echo "info insmod failed"; exit 1; }
	# Let the work that loading defers (the kprobe optimizer, the entry
	# pool's refill) finish before timing.
	sleep 2
	run_all "$r" vmscope
	echo 1 >$d/latency
	sleep 2
	run_all "$r" vmscope-latency
	rmmod vmscope
	sleep 2
	run_all "$r" unloaded
	if [ $have_bpf = 1 ]; then
		t0=$(date +%s.%N)
		bpf_start "$BPF_COUNT" && {
			echo "info bpftrace count attached in $(echo "$(date +%s.%N) - $t0" | bc) s"
			run_all "$r" bpftrace-count
		}
		bpf_stop
		bpf_start "$BPF_HIST" && run_all "$r" bpftrace-hist
		bpf_stop
	fi
done

# Snapshots: N sleeping processes, vmscope --json ps against /proc.
insmod "$ko"
for procs in 2000 10000; do
	"$top/build/bench/sleepers" "$procs" >/tmp/vmscope-sleepers.out &
	sp=$!
	while ! grep -q ready /tmp/vmscope-sleepers.out 2>/dev/null; do sleep 0.5; done
	# Timed with bash's own clock ($EPOCHREALTIME, microseconds): a
	# $(date) would fork and exec a program inside the timed span, the
	# same few milliseconds added to each command of the comparison.
	for _ in 1 2 3 4 5; do	# report.py takes the fastest
		t0=${EPOCHREALTIME//[!0-9]/}; "$vs" --json ps >/dev/null
		t1=${EPOCHREALTIME//[!0-9]/}
		echo "snap $procs vmscope-json-ps $(((t1 - t0) * 1000))"
		t0=${EPOCHREALTIME//[!0-9]/}; cat /proc/[0-9]*/stat >/dev/null 2>&1
		t1=${EPOCHREALTIME//[!0-9]/}
		echo "snap $procs proc-stat-scan $(((t1 - t0) * 1000))"
		t0=${EPOCHREALTIME//[!0-9]/}; ps -eo pid,min_flt,maj_flt >/dev/null
		t1=${EPOCHREALTIME//[!0-9]/}
		echo "snap $procs ps-eo $(((t1 - t0) * 1000))"
	done
	# Kernel memory: the module's own account (entries as the slab sizes
	# them, the entry pool, the hash chains and the exits ring).
	echo "mem $procs $(awk '$1 == "procs_tracked" || $1 == "entry_bytes" ||
		$1 == "table_bytes" { printf "%s ", $2 }' $d/summary)"
	kill $sp
	wait $sp 2>/dev/null
done
rmmod vmscope
echo "info done"
