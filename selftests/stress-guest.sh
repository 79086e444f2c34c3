#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress, inside a VM booted with slub_debug, KFENCE and panic_on_warn
# (selftests/run-vm.sh --stress): vmscope loaded while the client streams
# events and polls ps (as root, and as uid 65534, which must see only its
# own processes), through stress-ng's VM stressors, a fork bomb against a
# small table, OOM storms, load/unload cycles under load, clients killed
# mid-dump and the netlink fuzzer.  Then a workload is still counted
# exactly, the module unloads and leaves no slab behind, and dmesg is clean.
# Prints TAP lines.
#
# usage: stress-guest.sh TOP short|full
set -u
top=$1
mode=$2
rel=$(uname -r)
ko=$top/build/$rel/vmscope.ko
V=$top/userspace/vmscope
W=$top/build/selftests/workloads
dbg=/sys/kernel/debug/vmscope
cg=/sys/fs/cgroup
scratch=$top/build/results/scratch/$rel.stress
n=0
harness_timeout=3600	# reload's 100 cycles take ~15 minutes here
. "$top/selftests/lib.sh"

if [ "$mode" = full ]; then
	secs=30 bomb=4000 ooms=50 cycles=100 fuzz=100000 kills=200
	# A debug kernel takes every step $slow times longer: its long run
	# repeats the OOM kills, reloads, killed clients and fuzz messages
	# $slow times less (an OOM kill took 9 s on 6.12-debug, where
	# oom_burst allows 50 of them 300 s), and keeps the sizes (the fork
	# bomb, the stressors' memory and seconds) of Debian's kernels.
	ooms=$((ooms / slow)) cycles=$((cycles / slow))
	fuzz=$((fuzz / slow)) kills=$((kills / slow))
else
	# make check's: the selftests before it did the long OOM, reload and
	# fuzz runs without the debugging options.
	secs=5 bomb=300 ooms=3 cycles=2 fuzz=10000 kills=20
fi
stressors=0 stress_s=0

verdict() {	# verdict STATUS NAME [DETAIL]: ok when STATUS is 0
	if [ "$1" -eq 0 ]; then tap OK "$2"; else tap FAIL "$2" "${3:-}"; fi
}
# A field of sys, through netlink (the client's JSON).
summary() {
	"$V" --json sys | /usr/bin/python3 -c \
		'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
start=$(date +%s)
phase() { echo "# --- $1 ($(($(date +%s) - start)) s)"; }
load() {	# load [PARAM...]
	insmod "$ko" "$@" 2>&1 | sed 's/^/# /'
	[ -d $dbg ]
}
unload() {
	local i
	for i in 1 2 3 4 5; do
		rmmod vmscope 2>/dev/null && return 0
		sleep 1
	done
	rmmod vmscope
}

# Every minute, the kernel stack of an insmod or rmmod that has run for a
# minute: a reload that hangs says where.
watchdog() {
	local p t
	while sleep 60; do
		for p in $(pgrep -x 'insmod|rmmod'); do
			t=$(ps -o etimes= -p "$p" | tr -d ' ')
			[ "${t:-0}" -ge 60 ] || continue
			echo "# watchdog: $(cat /proc/"$p"/comm) (pid $p) for $t s, in $(cat /proc/"$p"/wchan):"
			sed 's/^/#   /' /proc/"$p"/stack
		done
	done
}

# --- clients, for the whole run ------------------------------------------

# Written by uid 65534: in a directory of the guest's own (/var/tmp).
bad=$(mktemp -d /var/tmp/vmscope-stress.XXXXXX)/bad
chmod 1777 "$(dirname "$bad")"
# The pollers rest 0.1 s between dumps, as a watching client does: a dump
# in flight holds the module, and back-to-back dumps from two loops left
# rmmod (retried while the module is busy) almost never a gap under TCG.
clients() {
	( while :; do "$V" --json ps >/dev/null 2>&1; sleep 0.1; done ) &
	c_ps=$!
	"$V" --json events >/dev/null 2>&1 &
	c_ev=$!
	# uid 65534 owns no process but this poller: any other uid is a leak.
	setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "
		while :; do
			$V --json ps 2>/dev/null | grep -o '\"uid\":[0-9]*' |
				grep -v '\"uid\":65534' >>$bad 2>&1
			sleep 0.1
		done" &
	c_nobody=$!
}
clients_stop() {
	kill "$c_ps" "$c_ev" "$c_nobody" 2>/dev/null
	wait "$c_ps" "$c_ev" "$c_nobody" 2>/dev/null
}

# --- setup ----------------------------------------------------------------

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
mkdir -p "$scratch"
echo "# kernel $rel, $(nproc) CPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) kB"
echo "# command line: $(cat /proc/cmdline)"
echo "# mode $mode: stress-ng ${secs} s a stressor, fork bomb to $bomb," \
	"$ooms OOM kills, $cycles reloads, $fuzz fuzz messages, $kills client kills"
before=$(dmesg | wc -l)
# The kernel's log as it is written, on the host: vng shows the guest's
# console only with --verbose, and a VM that panics leaves nothing else.
dmesg -w >"$top/build/results/$rel.stress.dmesg" 2>&1 &
c_dmesg=$!
setup_vm
echo +pids >$cg/cgroup.subtree_control 2>/dev/null
if load; then
	tap OK insmod
else
	tap FAIL insmod "insmod $ko failed"
	echo "# stress done"
	exit 0
fi
base_tracked=$(summary procs_tracked) base_bytes=$(summary table_bytes)
echo "# table: $base_tracked processes, $base_bytes bytes"
clients

# --- stress-ng ------------------------------------------------------------

phase "stress-ng"

# A RAM disk for the swap stressor's swap files (tmpfs and 9p take none).
mkdir -p /tmp/vmscope-stress-fs
{ [ -b /dev/ram0 ] || modprobe brd rd_nr=1 rd_size=65536 2>/dev/null; } &&
	mkfs.ext2 -q -F /dev/ram0 && mount /dev/ram0 /tmp/vmscope-stress-fs &&
	chmod 1777 /tmp/vmscope-stress-fs
sg=$cg/vmscope-stress
sd=$(mktemp -d /var/tmp/vmscope-stress-ng.XXXXXX)
mkdir -p $sg && echo +memory >$sg/cgroup.subtree_control

# run_stress NAME MEM ARGS...: one stress-ng stressor, bounded, in a memory
# cgroup of its own of MEM (and half that of swap); output and exit status
# in $sd/NAME.out and .rc.
# ARGS may start with "as-nobody": run it as uid 65534.
run_stress() {
	local name=$1 mem=$2 as=
	shift 2
	if [ "$1" = as-nobody ]; then
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		shift
	fi
	mkdir -p $sg/$name && echo "$mem" >$sg/$name/memory.max &&
		echo "$(( ${mem%M} / 2 ))M" >$sg/$name/memory.swap.max
	# shellcheck disable=SC2086
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' $sg/$name \
		timeout -k 10 $(((secs + 120) * slow)) $as stress-ng "$@" --timeout ${secs}s \
		--temp-path /tmp/vmscope-stress-fs --metrics-brief >$sd/$name.out 2>&1
	echo $? >$sd/$name.rc
}
# stress_eval NAME MEM ARGS...: its verdict.  A stressor that failed runs
# again without vmscope, as the control: failing there too, it is skipped.
stress_eval() {
	local name=$1 rc rc0
	rc=$(cat $sd/$name.rc)
	grep -E 'stress-ng: (info|fail|error)' $sd/$name.out | grep -v 'metrc\|setting to\|dispatching' |
		tail -n 3 | sed 's/^/# /'
	stressors=$((stressors + 1)) stress_s=$((stress_s + secs))
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
		clients_stop
		unload
		cp $sd/$name.out $sd/$name.with
		run_stress "$@"
		rc0=$(cat $sd/$name.rc)
		mv $sd/$name.with $sd/$name.out
		load || tap FAIL "stress_$name" "insmod after the control run failed"
		clients
		echo "# stress-ng $name: exit $rc with vmscope, $rc0 without"
		[ "$rc0" -ne 0 ] && rc=4
	fi
	if [ "$rc" -eq 4 ]; then
		tap OK "stress_$name # SKIP stress-ng's $name stressor fails or is missing on this kernel without vmscope too"
	elif [ "$rc" -eq 0 ] && "$V" sys >/dev/null; then
		tap OK "stress_$name"
	else
		tail -n 8 $sd/$name.out | sed 's/^/# /'
		tap FAIL "stress_$name" "stress-ng exit $rc"
	fi
}
# madvise as root poisons pages at random (MADV_HWPOISON, MADV_SOFT_OFFLINE)
# and then fails at random, with or without vmscope: as uid 65534 it
# cannot, and does every other advice.
set -- \
	"vm 128M --vm 2 --vm-bytes 96M" \
	"mmap 96M --mmap 2 --mmap-bytes 48M" \
	"fork 64M --fork 2" \
	"brk 64M --brk 2" \
	"stack 64M --stack 2" \
	"madvise 96M as-nobody --madvise 2" \
	"userfaultfd 64M --userfaultfd 1" \
	"swap 64M --swap 1" \
	"vm_swap 192M --vm 2 --vm-bytes 112M --vm-keep"	# 224M in 192M: swaps
# The long run takes them one by one; the short one all at once, but on
# a debug kernel: there KASAN's shadow and quarantine leave nine memory
# cgroups at once short of memory (vm_swap ended "out of system
# resources"), and the control, run alone, would not be a fair one.
for st in "$@"; do
	# shellcheck disable=SC2086
	if [ "$mode" = full ] || [ "$slow" -gt 1 ]; then run_stress $st; else run_stress $st & fi
done
wait_stress() {	# until every stressor has its .rc
	local st
	for st in "$@"; do
		while [ ! -f "$sd/${st%% *}.rc" ]; do sleep 0.5; done
	done
}
# Small reads of the tables, with seeks back to 0, beside the stressors: a
# read must cost what the live entries cost.  (Each pass made a record,
# and a kmalloc(), for each of the 32,768 hash chains of the default
# max_procs, and such a reader blocked for over 15 s under slub_debug.)
small_reads() {	# small_reads FILE PASSES: "PASSES ROWS SECONDS"
	timeout -k 5 $((300 * slow)) /usr/bin/python3 -c '
import os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
t0, rows = time.monotonic(), 0
for i in range(int(sys.argv[2])):
    os.lseek(fd, 0, os.SEEK_SET)
    buf = b""
    while True:
        b = os.read(fd, 64)
        if not b:
            break
        buf += b
    rows = buf.count(b"\n") - 1
print(sys.argv[2], rows, "%.1f" % (time.monotonic() - t0))' "$@"
}
for f in processes fault_lat_ns; do
	out=$(small_reads $dbg/$f 50)
	echo "# small reads of $f: passes, rows, seconds: ${out:-none}"
	verdict $([ "${out%% *}" = 50 ]; echo $?) "small_reads_$f" "timed out: ${out:-no pass done}"
done
wait_stress "$@"
for st in "$@"; do
	# shellcheck disable=SC2086
	stress_eval $st
done
for st in "$@"; do rmdir "$sg/${st%% *}" 2>/dev/null; done
rmdir $sg 2>/dev/null
mountpoint -q /tmp/vmscope-stress-fs && umount /tmp/vmscope-stress-fs
rmmod brd 2>/dev/null

# A child pid namespace sees its own processes only, under load.
pids=$(unshare -pf --mount-proc "$V" --json ps 2>&1 |
	grep -o '"pid":[0-9]*' | cut -d: -f2 | sort -n | tr '\n' ' ')
case $pids in
"1 " | "1 2 ") tap OK pidns_own_processes_only ;;
*) tap FAIL pidns_own_processes_only "saw pids: $pids" ;;
esac

# --- a fork bomb against a small table -------------------------------------

phase "fork bomb"

clients_stop
# A ring of 64 exit records wraps with every exit of the bomb: each
# drops the pid of the record it overwrites (on PREEMPT_RT that free must
# not happen in the exit hook, where preemption is off).
unload && load max_procs=256 max_exits=64 ||
	tap FAIL reload_small "insmod max_procs=256 max_exits=64 failed"
clients
fb=$cg/vmscope-forkbomb
mkdir -p $fb && echo "$bomb" >$fb/pids.max
t0=$(summary procs_tracked) r0=$(summary procs_refused) m0=$(summary table_bytes)
sh -c 'echo $$ >"$0/cgroup.procs" && exec "$1" 8' $fb "$W/forkbomb" &
bombpid=$!
disown $bombpid
last=-1 i=0
while [ $i -lt 600 ]; do	# until pids.current stops growing (60 s at most)
	cur=$(cat $fb/pids.current)
	[ "$cur" -ge "$bomb" ] && [ "$cur" = "$last" ] && break
	last=$cur i=$((i + 1))
	sleep 0.5
done
t1=$(summary procs_tracked) r1=$(summary procs_refused)
echo "# fork bomb: $(cat $fb/pids.current) processes (pids.max $bomb);" \
	"tracked $t0 -> $t1 of 256, refused +$((r1 - r0))"
echo 1 >$fb/cgroup.kill
while [ "$(cat $fb/pids.current)" != 0 ]; do sleep 0.2; done
rmdir $fb
sleep 1
t2=$(summary procs_tracked) m2=$(summary table_bytes)
echo "# after the bomb: tracked $t2, table $m0 -> $m2 bytes"
verdict $(( t1 > 256 || r1 - r0 <= 0 )) forkbomb_bounded \
	"tracked $t1 of 256, refused +$((r1 - r0))"
# Back to what it was: the pollers' processes come and go, and the entry
# pool refills from half its target (128 here) to all of it.
verdict $(( t2 > t0 + 8 || m2 > m0 + (t2 - t0 + 128) * $(summary entry_bytes) )) \
	forkbomb_memory_returns "tracked $t0 -> $t2, bytes $m0 -> $m2"
clients_stop
unload && load || tap FAIL reload_default "insmod failed"
clients

# --- OOM storms, reloads under load, killed clients, fuzzing --------------

phase "OOM storms, reloads, killed clients, fuzz"

VMSCOPE_OOM_BURST=$ooms harness events -t oom_burst
[ "$mode" = full ] && harness events -t oom_global
oom_global_undo
kill "$c_ev" 2>/dev/null	# the reloads end its family
phase reloads
watchdog &
c_dog=$!
VMSCOPE_RELOAD_CYCLES=$cycles harness reload
kill "$c_dog"
wait "$c_dog" 2>/dev/null
phase "killed clients"
"$V" --json events >/dev/null 2>&1 &
c_ev=$!
i=0
while [ $i -lt "$kills" ]; do
	"$V" --json ps >/dev/null 2>&1 &
	sleep "0.0$((i % 10))"
	kill -9 $! 2>/dev/null
	wait $! 2>/dev/null
	i=$((i + 1))
done
"$V" ps >/dev/null
verdict $? clients_killed_mid_dump "$kills killed, then vmscope ps failed"
phase fuzz
VMSCOPE_FUZZ_N=$fuzz harness fuzz

# --- after the storm --------------------------------------------------------

phase "after the storm"

clients_stop
if [ -s $bad ]; then
	tap FAIL nobody_sees_own_only "uid 65534 was shown: $(sort -u $bad | head -n 3 | tr '\n' ' ')"
else
	tap OK nobody_sees_own_only
fi
echo "# events_dropped $(summary events_dropped), procs_refused $(summary procs_refused)"
harness faults -t anon_touch -t exit_record -t reset
# slub_debug (slab_nomerge on 6.12-debug, which boots with KASAN in its
# place) keeps the module's caches unmerged: they are named in
# slabinfo while it is loaded, and gone (destroyed empty) after.
caches=$(grep -c '^vms_' /proc/slabinfo)
if unload; then
	tap OK rmmod
else
	tap FAIL rmmod "rmmod failed"
fi
left=$(grep -c '^vms_' /proc/slabinfo)
verdict $(( caches == 0 || left != 0 )) no_slab_left \
	"$caches vms_ caches loaded, $left after rmmod"
echo "# sizes of this run: $stressors stressors, $stress_s stressor-seconds, $ooms memcg OOM kills$([ "$mode" = full ] && echo " + 1 global")," \
	"$cycles load/unload cycles, $fuzz fuzz messages, $kills clients killed"
dmesg_check "$before"
phase done
kill "$c_dmesg"
echo "# stress done"
