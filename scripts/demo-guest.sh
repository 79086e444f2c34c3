#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest side of make demo (runs inside the VM): load vmscope, then one
# scene per concept, each showing vmscope's number beside the kernel's own.
#
# usage: demo-guest.sh TOP [SCENE]
#   SCENE: demand, major, cow, pgtbl, thp, swap, thrashing or oom
#   (default: all)
set -u
top=$1
only=${2:-}
V=$top/userspace/vmscope
S=$top/build/selftests/workloads/scene
dbg=/sys/kernel/debug/vmscope
cg=/sys/fs/cgroup
out=/tmp/vmscope-demo.out

# --- readers: vmscope, then the kernel's own numbers -------------------

# vs PID NAME: a counter of PID as vmscope shows it.
vs() { "$V" show "$1" 2>/dev/null | awk -v f="$2" '$1 == f { print $2 }'; }
# vsj PID NAME: the same from JSON, for times (show gives them in units).
vsj() { "$V" --json show "$1" 2>/dev/null | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"; }
# stat PID N: field N of /proc/PID/stat (10 minflt, 12 majflt).
stat() { awk -v n="$2" '{ sub(/.*\) /, ""); print $(n - 2) }' "/proc/$1/stat"; }
# status PID NAME: a "kB" line of /proc/PID/status.
status() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# rollup PID NAME: a line of /proc/PID/smaps_rollup, kB.
rollup() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/smaps_rollup"; }
vmstat() { awk -v f="$1" '$1 == f { print $2 }' /proc/vmstat; }
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
events() { awk -v f="$2" '$1 == f { print $2 }' "$1/memory.events"; }

# waitstop PID: until PID stops itself (SIGSTOP) or is gone.
waitstop() {
	local s
	while s=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) &&
		[ "$s" != T ] && [ "$s" != Z ]; do
		sleep 0.1
	done
}
cont() { kill -CONT "$@"; }
# incg CGROUP ARGS...: "scene ARGS" in CGROUP, in the background; its pid
# in $pid.  Not a job of this shell: the OOM killer's SIGKILL is the
# scene's to show, not bash's "Killed" line.
incg() {
	local g=$1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$g" "$S" "$@" &
	pid=$!
	disown $pid
}
# gone PID: until PID has ended.
gone() { while [ -e "/proc/$1" ]; do sleep 0.1; done; }
# sys NAME: a line of vmscope sys.
sys() { "$V" sys | awk -v f="$1" '$1 == f { print $2; exit }'; }
# children FILE N: the first N "child PID" lines of FILE, once there.
children() {
	while [ "$(grep -c '^child ' "$1" 2>/dev/null)" -lt "$2" ]; do sleep 0.1; done
	awk '$1 == "child" { print $2 }' "$1" | head -n "$2"
}

# --- layout: 80 columns --------------------------------------------------

scene() {
	echo
	printf '== %s ' "$1"
	printf '=%.0s' $(seq $((75 - ${#1})))
	echo
	shift
	for l in "$@"; do echo "$l"; done
	echo
	printf '%-33s %9s %9s  %s\n' "" vmscope kernel "kernel's number from"
}
row() { printf '%-33s %9s %9s  %s\n' "$@"; }
d() { echo $(($2 - $1)); }
say() { echo "$@"; }
lagnote() {
	say "(the kernel's RSS numbers lag: before 6.2 each thread batched its"
	say " RSS updates, 64 at a time; the fault counts agree exactly)"
}
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

# --- the scenes ----------------------------------------------------------

demand() {
	scene "1/8 demand paging" \
		"mmap() of 64 MiB only reserves addresses: no memory, no faults.  Each" \
		"first touch of a page faults (minor: no I/O), the kernel allocates a" \
		"zeroed page and maps it; one PTE table maps 2 MiB of it."
	"$S" demand 16384 &
	local p=$! m0 k0 r0 z0 m1 k1 r1 z1 t1 b1
	waitstop $p
	m0=$(vs $p minflt) k0=$(stat $p 10) r0=$(status $p VmRSS) z0=$(status $p VmSize)
	t0=$(vs $p pgtbl_pte) b0=$(status $p VmPTE)
	cont $p; waitstop $p
	m1=$(vs $p minflt) k1=$(stat $p 10) r1=$(status $p VmRSS) z1=$(status $p VmSize)
	row "mmap(64 MiB): minor faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "/proc/PID/stat"
	row "              VmSize, kB" - "+$(d "$z0" "$z1")" "/proc/PID/status"
	row "              VmRSS, kB" - "+$(d "$r0" "$r1")" "/proc/PID/status"
	m0=$m1 k0=$k1 r0=$r1
	cont $p; waitstop $p
	m1=$(vs $p minflt) k1=$(stat $p 10) r1=$(status $p VmRSS)
	t1=$(vs $p pgtbl_pte) b1=$(status $p VmPTE)
	row "touch 16384 pages: minor faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "/proc/PID/stat"
	row "                   VmRSS, kB" - "+$(d "$r0" "$r1")" "/proc/PID/status"
	row "                   PTE tables" "+$(d "$t0" "$t1")" "32" "64 MiB / 2 MiB"
	row "                   VmPTE, kB" - "+$(d "$b0" "$b1")" "/proc/PID/status"
	[ "$(d "$r0" "$r1")" = 65536 ] || lagnote
	kill -9 $p; cont $p; wait $p 2>/dev/null
}

major() {
	scene "2/8 major faults" \
		"A file mapping whose pages are not in the page cache: each first touch" \
		"waits for a read from the disk (a RAM disk here), a major fault." \
		"MADV_RANDOM turns readahead off: one read, one fault per 4 KiB page."
	local mnt=/tmp/vmscope-demo-disk f p m0 k0 g0 m1 k1 g1 n0 n1 c0 c1
	mkdir -p $mnt
	if modprobe brd rd_nr=1 rd_size=32768 2>/dev/null &&
		mkfs.ext2 -q -F /dev/ram0 && mount /dev/ram0 $mnt; then
		f=$mnt/data
	else
		say "(no RAM disk, brd: the file is on the host's 9p share)"
		f=$top/build/demo-data
	fi
	dd if=/dev/urandom of="$f" bs=1M count=16 status=none && sync
	"$S" major "$f" &
	p=$!
	waitstop $p
	m0=$(vs $p majflt) k0=$(stat $p 12) g0=$(vmstat pgmajfault)
	n0=$(vs $p minflt) c0=$(stat $p 10)
	cont $p; waitstop $p
	m1=$(vs $p majflt) k1=$(stat $p 12) g1=$(vmstat pgmajfault)
	row "read 4096 pages: major faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "/proc/PID/stat"
	row "                 (system-wide)" - "+$(d "$g0" "$g1")" "pgmajfault, /proc/vmstat"
	m0=$m1 k0=$k1 n0=$(vs $p minflt) c0=$(stat $p 10)
	cont $p; waitstop $p
	m1=$(vs $p majflt) k1=$(stat $p 12) n1=$(vs $p minflt) c1=$(stat $p 10)
	say "mapped again, read again: the pages are in the page cache now"
	row "                 major faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "/proc/PID/stat"
	row "                 minor faults" "+$(d "$n0" "$n1")" "+$(d "$c0" "$c1")" "/proc/PID/stat"
	cont $p; wait $p
	rm -f "$f"
	mountpoint -q $mnt && umount $mnt
	rmmod brd 2>/dev/null
}

cow() {
	scene "3/8 copy-on-write after fork()" \
		"fork() shares the parent's pages with the child, write-protected.  Reads" \
		"share on; the first write to a page copies it for the writer (a CoW" \
		"break).  Once the child has gone the parent's pages are its own again:" \
		"its writes fault once more and reuse the page without a copy."
	"$S" cow 4096 >$out &
	local p=$! c x0 x1 k0 k1 u0 u1 g0 g1
	c=$(children $out 1)
	waitstop "$c"
	x0=$(vs "$c" cow_copy) k0=$(stat "$c" 10)
	cont "$c"; waitstop "$c"
	x1=$(vs "$c" cow_copy) k1=$(stat "$c" 10)
	row "child reads 4096 pages: copies" "+$(d "$x0" "$x1")" - ""
	row "                        faults" "+$(d "$x0" "$x1")" "+$(d "$k0" "$k1")" "minflt, /proc/PID/stat"
	x0=$x1 k0=$k1
	cont "$c"; waitstop "$c"
	x1=$(vs "$c" cow_copy) k1=$(stat "$c" 10)
	row "child writes 2048 pages: copies" "+$(d "$x0" "$x1")" "+$(d "$k0" "$k1")" "minflt, /proc/PID/stat"
	cont "$c"
	waitstop $p
	x0=$(vs $p cow_copy) u0=$(vs $p cow_reuse) g0=$(vmstat pgreuse)
	cont $p; waitstop $p
	x1=$(vs $p cow_copy) u1=$(vs $p cow_reuse) g1=$(vmstat pgreuse)
	row "then the parent writes 4096:" "" "" ""
	row "  reused without a copy" "+$(d "$u0" "$u1")" "+$(d "$g0" "$g1")" "pgreuse (all processes)"
	row "  copied" "+$(d "$x0" "$x1")" 0 "its pages are its own"
	cont $p; wait $p
}

pgtbl() {
	scene "4/8 page-table growth" \
		"Page tables are memory too: a PTE table (4 KiB) maps 2 MiB, a PMD" \
		"table 1 GiB, a PUD table 512 GiB.  Sparse touches need a table each."
	"$S" sparse &
	local p=$! x y l
	local -A a b
	waitstop $p
	for l in pgtbl_pte pgtbl_pmd pgtbl_pud pgtbl_bytes; do a[$l]=$(vs $p $l); done
	x=$(status $p VmPTE)
	cont $p; waitstop $p
	for l in pgtbl_pte pgtbl_pmd pgtbl_pud pgtbl_bytes; do b[$l]=$(vs $p $l); done
	y=$(status $p VmPTE)
	row "256 pages 2 MiB apart: PTE tables" "+$(d "${a[pgtbl_pte]}" "${b[pgtbl_pte]}")" 256 "the arithmetic"
	row "  page-table memory, kB" "+$(( (b[pgtbl_bytes] - a[pgtbl_bytes]) / 1024 ))" "+$(d "$x" "$y")" "VmPTE, /proc/PID/status"
	for l in pgtbl_pte pgtbl_pmd pgtbl_pud pgtbl_bytes; do a[$l]=${b[$l]}; done
	x=$y
	cont $p; waitstop $p
	for l in pgtbl_pte pgtbl_pmd pgtbl_pud pgtbl_bytes; do b[$l]=$(vs $p $l); done
	y=$(status $p VmPTE)
	row "32 pages 1 GiB apart: PTE tables" "+$(d "${a[pgtbl_pte]}" "${b[pgtbl_pte]}")" 32 "the arithmetic"
	row "  PMD tables" "+$(d "${a[pgtbl_pmd]}" "${b[pgtbl_pmd]}")" 32 "the arithmetic"
	row "  PUD tables" "+$(d "${a[pgtbl_pud]}" "${b[pgtbl_pud]}")" "0..1" "one per 512 GiB"
	row "  page-table memory, kB" "+$(( (b[pgtbl_bytes] - a[pgtbl_bytes]) / 1024 ))" "+$(d "$x" "$y")" "VmPTE, /proc/PID/status"
	cont $p; wait $p

	say
	say "8 processes map the same 64 MiB of shared memory: one copy of the"
	say "data, but each process needs its own page tables for it."
	"$S" shared 8 64 >$out &
	p=$!
	local kids k t0=0 t1=0 v0=0 v1=0 s0 s1
	kids=$(children $out 8)
	for k in $kids; do waitstop "$k"; done
	for k in $kids; do
		t0=$((t0 + $(vs "$k" pgtbl_pte))) v0=$((v0 + $(status "$k" VmPTE)))
	done
	s0=$(meminfo Shmem)
	cont $kids
	for k in $kids; do waitstop "$k"; done
	for k in $kids; do
		t1=$((t1 + $(vs "$k" pgtbl_pte))) v1=$((v1 + $(status "$k" VmPTE)))
	done
	s1=$(meminfo Shmem)
	row "8 x 64 MiB shared: PTE tables" "+$(d $t0 $t1)" "+256" "8 x 64 MiB / 2 MiB"
	row "  page-table memory, kB" "+$(( (t1 - t0) * 4 ))" "+$(d $v0 $v1)" "VmPTE, summed"
	row "  the data, kB" - "+$(d "$s0" "$s1")" "Shmem, /proc/meminfo"
	cont $kids; wait $p
}

thp() {
	scene "5/8 transparent huge pages" \
		"With MADV_HUGEPAGE one fault maps a 2 MiB page with a single PMD entry:" \
		"4 faults for 8 MiB instead of 2048, no PTE table in use, 4 TLB entries."
	local t=/sys/kernel/mm/transparent_hugepage/enabled
	if [ ! -f $t ]; then
		say "(this kernel has no THP: PREEMPT_RT kernels build without it)"
		return
	fi
	grep -q '\[never\]' $t && echo madvise >$t
	"$S" thp 8 &
	local p=$! m0 k0 m1 k1 h0 h1 a0 a1 t0 t1 b0 b1 g0 g1
	waitstop $p
	m0=$(vs $p minflt) k0=$(stat $p 10) t0=$(vs $p pgtbl_pte) b0=$(status $p VmPTE)
	cont $p; waitstop $p
	m1=$(vs $p minflt) k1=$(stat $p 10) t1=$(vs $p pgtbl_pte) b1=$(status $p VmPTE)
	row "8 MiB in 4 KiB pages: faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "minflt, /proc/PID/stat"
	row "  PTE tables; VmPTE, kB" "+$(d "$t0" "$t1")" "+$(d "$b0" "$b1")" "/proc/PID/status"
	m0=$m1 k0=$k1 t0=$t1 b0=$b1
	h0=$(vs $p thp_fault) g0=$(vmstat thp_fault_alloc) a0=$(rollup $p AnonHugePages)
	cont $p; waitstop $p
	m1=$(vs $p minflt) k1=$(stat $p 10) t1=$(vs $p pgtbl_pte) b1=$(status $p VmPTE)
	h1=$(vs $p thp_fault) g1=$(vmstat thp_fault_alloc) a1=$(rollup $p AnonHugePages)
	row "8 MiB in huge pages: faults" "+$(d "$m0" "$m1")" "+$(d "$k0" "$k1")" "minflt, /proc/PID/stat"
	row "  huge-page faults" "+$(d "$h0" "$h1")" "+$(d "$g0" "$g1")" "thp_fault_alloc, vmstat"
	row "  AnonHugePages, kB" - "+$(d "$a0" "$a1")" "smaps_rollup"
	row "  PTE tables; VmPTE, kB" "+$(d "$t0" "$t1")" "+$(d "$b0" "$b1")" "/proc/PID/status"
	say "(VmPTE still grows 4 KiB a huge page: x86 sets a PTE table aside for"
	say " each, to split it later without allocating; vmscope counts tables in use)"
	cont $p; wait $p
}

# Swap on zram, made unless some swap is on; 1 if there can be none.
zram_swap() {
	grep -q '^/dev/' /proc/swaps && return 0
	modprobe zram num_devices=1 && echo 256M >/sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
}

swap() {
	scene "6/8 swap" \
		"Two processes in a 96 MiB memory cgroup: an idle one holding 64 MiB," \
		"and one that allocates 64 MiB.  Reclaim, run by the allocating process," \
		"writes the idle one's pages to swap (zram); vmscope charges each page to" \
		"the process that owned it.  Touched again, they fault back in."
	if ! zram_swap; then
		say "(no zram swap: skipped)"
		return
	fi
	local g=$cg/vmscope-demo-swap pc v h o0 o1 i0 i1 j0 j1 s0 s1 ho hs
	pc=$(cat /proc/sys/vm/page-cluster)
	echo 0 >/proc/sys/vm/page-cluster	# no swap readahead: a fault a page
	mkdir -p $g && echo 96M >$g/memory.max
	incg $g hold 64
	v=$pid
	waitstop $v
	o0=$(vs $v swapout) s0=$(status $v VmSwap)
	incg $g alloc 64
	h=$pid
	waitstop $h
	o1=$(vs $v swapout) s1=$(status $v VmSwap)
	ho=$(vs $h swapout) hs=$(status $h VmSwap)
	row "idle process: pages swapped out" "+$(d "$o0" "$o1")" "+$(( (s1 - s0) / 4 ))" "VmSwap / 4 kB"
	row "allocating one (the reclaimer)" "+$ho" "+$((hs / 4))" "VmSwap / 4 kB (its own)"
	cont $h; gone $h
	i0=$(vs $v swapin) j0=$(stat $v 12) s0=$s1
	cont $v; waitstop $v
	i1=$(vs $v swapin) j1=$(stat $v 12) s1=$(status $v VmSwap)
	row "idle one touches its 64 MiB again:" "" "" ""
	row "  pages swapped in" "+$(d "$i0" "$i1")" "+$(( (s0 - s1) / 4 ))" "VmSwap drop / 4 kB"
	row "  major faults" - "+$(d "$j0" "$j1")" "/proc/PID/stat"
	[ "$(d "$i0" "$i1")" = $(( (s0 - s1) / 4 )) ] || lagnote
	cont $v; gone $v

	say
	say "Thrashing: 48 MiB touched over and over in 32 MiB.  vmscope top, two"
	say "2-second samples of swap rates per process; /proc/vmstat only has totals:"
	echo 32M >$g/memory.max
	incg $g thrash 48 12
	local t=$pid a0 a1 b0 b1
	sleep 3
	a0=$(vmstat pswpin) b0=$(vmstat pswpout)
	"$V" top --sort swapin -d 2 -c 2 -n 3 -o minflt,majflt,swapin,swapout
	a1=$(vmstat pswpin) b1=$(vmstat pswpout)
	say "/proc/vmstat, same 4 s, all processes:" \
		"pswpin $(( (a1 - a0) / 4 ))/s, pswpout $(( (b1 - b0) / 4 ))/s"
	kill $t; gone $t
	rmdir $g
	echo "$pc" >/proc/sys/vm/page-cluster
}

thrashing() {
	scene "7/8 thrashing: what memory costs a process in time" \
		"One process touches 32 MiB at random, over and over, in a 16 MiB cgroup:" \
		"a page it needs was often pushed out to swap a moment ago, still part of" \
		"its working set (a sequential sweep would not be: its refaults come too" \
		"late for the kernel to call them thrashing).  It says how many pages it" \
		"gets through each second; vmscope, how many of them were working-set" \
		"refaults and how long the process waited for them."
	if ! zram_swap; then
		say "(no zram swap: skipped)"
		return
	fi
	local g=$cg/vmscope-demo-thrash q=$cg/vmscope-demo-quiet T i t a0 a1 n0 n1
	local quiet=() pc
	T=$top/build/selftests/workloads/thrash
	pc=$(cat /proc/sys/vm/page-cluster)
	echo 0 >/proc/sys/vm/page-cluster
	mkdir -p $g $q && echo 16M >$g/memory.max
	# A crowd of quiet processes, each with 4 MiB it touched once.
	for i in 1 2 3 4 5; do
		sh -c 'echo $$ >"$0/cgroup.procs" && exec "$1" 1024 1' $q "$top/build/selftests/workloads/touch" >/dev/null &
		quiet+=($!)
	done
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$1" -p -r 8192 1000000' $g "$T" >$out 2>&1 &
	t=$!
	disown $t
	sleep 2
	printf '%-8s %14s %26s %22s\n' second "pages/s (its)" "workingset_activate_anon/s" "stall_thrashing_ns/s"
	a0=$(vs $t workingset_activate_anon) n0=$(vsj $t stall_thrashing_ns)
	for i in 1 2 3 4 5; do
		sleep 1
		a1=$(vs $t workingset_activate_anon)
		n1=$(vsj $t stall_thrashing_ns)
		printf '%-8s %14s %26s %22s\n' "$i" "$(grep '^pages/s' $out | tail -n 1 | cut -d' ' -f2)" \
			"$(d "$a0" "$a1")" "$(d "$n0" "$n1")"
		a0=$a1 n0=$n1
	done
	say
	say "vmscope top --sort stall_thrashing_ns: the thrashing one among ${#quiet[@]} quiet ones"
	"$V" top --sort stall_thrashing_ns -d 2 -c 1 -n 7 \
		-o workingset_activate_anon,stall_thrashing,stall_thrashing_ns,swapin
	kill $t "${quiet[@]}" 2>/dev/null
	gone $t
	wait "${quiet[@]}" 2>/dev/null
	rmdir $g $q
	echo "$pc" >/proc/sys/vm/page-cluster
}

oomrec() {
	# The newest OOM record, vmscope's name value pairs, wrapped.
	"$V" oom | tail -n 1 | awk '{
		line = " "
		for (i = 2; i < NF; i += 2) {
			if ($i == "time_ns" || $i == "seq")
				continue
			w = $i "=" $(i + 1)
			if (length(line) + length(w) > 77) { print line; line = " " }
			line = line " " w
		}
		print line
	}'
}

# klog: the kernel's line on its newest OOM kill, wrapped.
klog() {
	dmesg | grep 'Killed process' | tail -n 1 |
		sed 's/^\[[^]]*\] *//' | fold -s -w 74 | sed 's/^/    /'
}

oom() {
	scene "8/8 OOM" \
		"A 48 MiB cgroup without swap holds an idle 16 MiB process; another" \
		"allocates 40 MiB.  The OOM killer kills the largest (by oom_score)." \
		"The second time the allocating one sets oom_score_adj -1000 first."
	local g=$cg/vmscope-demo-oom b h e0 e1 s0 s1 r0 r1 k0 k1
	mkdir -p $g && echo 48M >$g/memory.max && echo 0 >$g/memory.swap.max
	incg $g hold 16
	b=$pid
	waitstop $b
	e0=$(events $g oom_kill) s0=$(vmstat oom_kill)
	r0=$(sys oom_records) k0=$(sys oom_kill)
	incg $g alloc 40
	h=$pid
	waitstop $h
	e1=$(events $g oom_kill) s1=$(vmstat oom_kill)
	r1=$(sys oom_records) k1=$(sys oom_kill)
	say "first run: idle pid $b, allocating pid $h"
	row "  OOM kills in the cgroup" "+$(d "$r0" "$r1")" "+$(d "$e0" "$e1")" "memory.events oom_kill"
	row "  OOM kills, system-wide" "+$(d "$k0" "$k1")" "+$(d "$s0" "$s1")" "oom_kill, /proc/vmstat"
	say "  vmscope's record (vmscope oom):"
	oomrec
	say "  the kernel's log:"
	klog
	cont $h 2>/dev/null; gone $h

	e0=$e1 s0=$s1 r0=$r1
	incg $g alloc 40 -1000
	h=$pid
	waitstop $h
	e1=$(events $g oom_kill) r1=$(sys oom_records)
	say "second run: idle pid $b, allocating pid $h with oom_score_adj -1000"
	row "  OOM kills in the cgroup" "+$(d "$r0" "$r1")" "+$(d "$e0" "$e1")" "memory.events oom_kill"
	say "  vmscope's record: the idle one went, the allocating one triggered it"
	oomrec
	say "  the kernel's log:"
	klog
	cont $h; gone $h
	cont $b 2>/dev/null; gone $b
	rmdir $g
}

# --- main ----------------------------------------------------------------

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
grep -q memory $cg/cgroup.subtree_control 2>/dev/null ||
	echo +memory >$cg/cgroup.subtree_control
insmod "$top/build/$(uname -r)/vmscope.ko" || exit 1
echo
echo "vmscope loaded on $(uname -r); each hook, and whether it attached:"
awk 'NR > 1 { printf "  %-14s %-11s %s\n", $1, $3, $2 }' $dbg/probes
want demand && demand
want major && major
want cow && cow
want pgtbl && pgtbl
want thp && thp
want swap && swap
want thrashing && thrashing
want oom && oom
echo
echo "== vmscope ps --sort minflt -n 8"
"$V" ps --sort minflt -n 8
echo
echo "== vmscope sys"
"$V" sys
rmmod vmscope
