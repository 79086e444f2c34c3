# SPDX-License-Identifier: GPL-2.0
#
# Shell functions of the guest scripts (selftests/guest.sh, stress-guest.sh),
# sourced inside the VM.  They use $rel (uname -r) and count TAP lines in $n.

# make stress-debug's kernels (scripts/debug-kernel.sh: lockdep, KASAN or
# KCSAN) run several times slower under TCG than Debian's: the time
# limits of the guest scripts are multiplied by $slow there.
case $(uname -r) in
*-vmscope-debug | *-vmscope-kcsan) slow=5 ;;
*) slow=1 ;;
esac

tap() {	# tap OK|FAIL NAME [DETAIL]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n guest.$2"
	else
		echo "not ok $n guest.$2${3:+ # $3}"
	fi
}

# Harness output: test names get their program's prefix, plans and TAP
# headers become comments (the host counts the ok/not ok lines).
tapify() {
	sed -u -e "s/^ok \([0-9]*\) \($1\.\)\{0,1\}/ok \1 $1./" \
	    -e "s/^not ok \([0-9]*\) \($1\.\)\{0,1\}/not ok \1 $1./" \
	    -e 's/^\(1\.\.[0-9]*\)$/# \1/' -e 's/^TAP version/# TAP version/'
}

# harness PROGRAM [ARGS]: a selftest program of build/selftests, as TAP
# (test names prefixed with $harness_name if set, else PROGRAM).
# stdbuf: each line as it comes; timeout ($harness_timeout, default 600 s):
# never hang the run.  Uses $top, $ko and $scratch.
harness() {
	local p=$1
	shift
	echo "# selftest ${harness_name:-$p} $*"
	VMSCOPE_KO=$ko VMSCOPE_SCRATCH=$scratch timeout -k 10 "$((${harness_timeout:-600} * slow))" \
		stdbuf -oL "$top/build/selftests/$p" "$@" 2>&1 | tapify "${harness_name:-$p}"
}

# The stall tests compare windows that end a few instructions apart
# (taskstats' compaction window after PSI's, where PSI turns interrupts
# back on).  Under single-threaded TCG the other vCPU runs in slices,
# switched to where a vCPU turns interrupts on, and whatever window is open
# on this one then takes the slice: in one 6.1 run taskstats' compaction
# time was 5.5 % above vmscope's; with one CPU online, 0.05-0.22 % in three
# runs.  So the stall tests run with one CPU online; cpus_online puts the
# others back.
cpus_others() {	# cpus_others 0|1: every CPU but CPU 0 off or on
	local c

	for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -w "$c" ] && echo "$1" >"$c"
	done
	echo "# CPUs online: $(cat /sys/devices/system/cpu/online)"
}
cpus_offline() { cpus_others 0; }
cpus_online() { cpus_others 1; }

# Swap on zram for the swap tests (vm.page-cluster=0: one page per swap
# fault, no readahead), cgroup v2 with the memory controller for the memcg
# and OOM tests.  A test whose prerequisite is missing says so and skips.
setup_vm() {
	# A kernel that is not installed on the host (the next kernel, from
	# its own kernel root): its modules, where modprobe looks for them.
	kroot=${VMSCOPE_NEXT:-/var/lib/vmscope/next}/kernel-$rel/usr/lib/modules/$rel
	if [ ! -f "/lib/modules/$rel/modules.dep" ] && [ -d "$kroot" ]; then
		mkdir -p "/lib/modules/$rel" && mount --bind "$kroot" "/lib/modules/$rel"
	fi
	if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ]; then
		mount -t cgroup2 none /sys/fs/cgroup || echo "# no cgroup2"
	fi
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	zram_swap_on || echo "# no zram swap"
	echo 0 >/proc/sys/vm/page-cluster
	echo "# swap: $(tail -n +2 /proc/swaps | awk '{ print $1, $3 " kB" }')"
}

# Swap on zram0 unless it is on: made the first time, swapped on again
# after a test turned it off.
zram_swap_on() {
	grep -q '^/dev/zram' /proc/swaps && return 0
	# zram is a module on Debian's kernels, built into the debug ones.
	if [ ! -e /sys/block/zram0 ]; then
		modprobe zram num_devices=1 || return 1
	fi
	if [ "$(cat /sys/block/zram0/disksize)" = 0 ]; then
		echo 256M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null ||
			return 1
	fi
	swapon /dev/zram0
}

# What oom_global changes, put back whatever became of it: a test that
# its time limit killed leaves the huge pages it took, and swap off, and
# every test after it would run in what memory was left.
oom_global_undo() {
	echo 0 >/proc/sys/vm/nr_hugepages 2>/dev/null
	zram_swap_on 2>/dev/null
	return 0
}

# dmesg_check LINES: any warning, BUG or splat after the first LINES lines
# of dmesg fails the run.  The OOM tests make the kernel print one stack
# per OOM killer invocation: those "Call Trace" lines are expected.
# Its files go to $dmesg_dir (the guest's /var/tmp unless set).
dmesg_check() {
	local before=$1 splat traces others others_log
	local new=${dmesg_dir:-/var/tmp}/vmscope-dmesg.new
	others_log=${new%.new}.others

	dmesg | tail -n +"$((before + 1))" >"$new"
	kcsan_split "$new"
	# Lockdep's reports by their headers, not by the word: on a lockdep
	# kernel every call trace has lockdep_* frames.
	splat=$(grep -E 'WARNING:|BUG[: ]|Oops|general protection|KFENCE|KASAN|KCSAN|UBSAN|refcount_t|sleeping function|possible circular|Invalid wait context|non-static key|DEBUG_LOCKS_WARN_ON|locking correctness validator|possible recursive|inconsistent lock|suspicious RCU|ODEBUG|list_add corruption|list_del corruption|INFO: task|RCU stall|stack-protector' \
		"$new" | head -n 20)
	# A trace is an OOM report's when dump_header() is among its first frames
	# (counting "invoked oom-killer" lines is not enough: PREEMPT_RT's
	# threaded printk can lose or merge one), and an allocation failure's
	# when warn_alloc() is: the OOM cases exhaust memory on purpose, and a
	# victim's own last fault can fail ("page allocation failure", seen
	# once on 6.12-rt with four VMs on the host).  Any other trace counts,
	# and goes to $others_log with the eleven lines before it (RIP,
	# registers, comm) and the sixteen after its first eight.
	traces=$(grep -c 'Call Trace' "$new")
	rm -f "$others_log"
	others=$(awk -v out="$others_log" '
		function keep() { bad++; printf "%s", blk > out; tail = 16; n = 0 }
		{ prev[NR % 12] = $0 }
		/Call Trace/ { if (n) keep(); tail = 0; n = 8; blk = ""
			for (i = NR - 11; i <= NR; i++) if (i > 0) blk = blk prev[i % 12] "\n"
			next }
		tail > 0 { print > out; tail-- }
		n && /dump_header|warn_alloc/ { n = 0; next }
		n { blk = blk $0 "\n"; if (!--n) keep() }
		END { if (n) keep(); print bad + 0 }' "$new")
	echo "# dmesg: $traces call traces, $others not from an OOM report or an allocation failure"
	if [ "$others" -gt 0 ]; then
		splat="$splat
	$(head -n 80 "$others_log")"
	fi
	if [ -z "$splat" ]; then
		tap OK dmesg_clean
	else
		echo "$splat" | sed 's/^/# dmesg: /'
		tap FAIL dmesg_clean "kernel warnings above"
	fi
	lockdep_check
}

# KCSAN's reports (the 6.12-kcsan kernel) of data races that vmscope takes
# no part in are listed, not failed: each report, from its "BUG: KCSAN:"
# line to its closing rule, leaves $1 unless one of the two racing
# accesses is in vmscope's code, which its title says ("data-race in
# vms_x [vmscope] / f").  A vmscope frame further down does not make the
# race vmscope's: its latency hook calls ktime_get_mono_fast_ns(), whose
# latch read races with timekeeping_update() by design (later kernels,
# 7.3 among them, mark latch readers for KCSAN: read_seqcount_latch()).
# Nor does a vms_ name: mm/vma.c has vms_gather_munmap_vmas().  The
# others are shown with their first lines and counted.
kcsan_split() {
	local f=$1 n
	rm -f "$f.kcsan"
	grep -q 'BUG: KCSAN:' "$f" || return 0
	n=$(awk -v out="$f.kcsan" -v keep="$f.keep" '
		function flush() { if (blk ~ /BUG: KCSAN:[^\n]*\[vmscope\]/) printf "%s", blk > keep
			else { other++; split(blk, l, "\n"); print l[1] > out
				for (i = 2; i <= 8 && l[i] != ""; i++) print l[i] > out } }
		/BUG: KCSAN:/ { inr = 1; blk = $0 "\n"; next }
		inr && /====================/ { flush(); inr = 0; next }
		inr { blk = blk $0 "\n"; next }
		{ print > keep }
		END { if (inr) flush(); print other + 0 }' "$f")
	echo "# kcsan: $n data-race reports outside vmscope (listed, not failed):"
	[ -f "$f.kcsan" ] && grep 'BUG: KCSAN:' "$f.kcsan" | sed 's/^.*BUG: KCSAN: //' |
		sort | uniq -c | sed 's/^/# kcsan: /'
	mv "$f.keep" "$f" 2>/dev/null || : >"$f"
}

# On a lockdep kernel (6.12-debug): lockdep must still be on at the end
# (any report, or a table that ran out, turns it off for good).
lockdep_check() {
	local s=/proc/lockdep_stats on
	[ -r $s ] || return 0
	on=$(awk '/^ *debug_locks:/ { print $2 }' $s)
	echo "# lockdep: $(awk '/^ *(lock-classes|direct dependencies|dependency chains):/ {
		n = $0; sub(/^ +/, "", n); sub(/:.*/, "", n); v = $0; sub(/^[^:]*: +/, "", v)
		split(v, a, /[] []+/); printf "%s%s %s (max %s)", sep, n, a[1], a[3]; sep = ", " }' $s)," \
		"debug_locks $on"
	if [ "$on" = 1 ]; then
		tap OK lockdep_debug_locks
	else
		tap FAIL lockdep_debug_locks "debug_locks is ${on:-absent}: lockdep turned itself off"
	fi
}
