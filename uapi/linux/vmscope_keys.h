/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * The numbers vmscope keeps for each process (and their system totals):
 * the one list the module, the client and the tests take them from.
 *
 * VMSCOPE_KEYS(X) calls X(name, NAME, kind, col, help) for each, in the
 * order users see them (debugfs columns, JSON keys, the client's tables):
 *
 *   name  the name everywhere: debugfs headers, JSON keys, Prometheus
 *         metrics (vmscope_<name>_total; vmscope_<name> for a gauge)
 *   NAME  its netlink attributes, VMSCOPE_A_PROC_<NAME> and
 *         VMSCOPE_A_SYS_<NAME> (uapi/linux/vmscope.h, from the spec)
 *   kind  EVENT: counted by a hook into the process's entry
 *         NSEC:  like EVENT, but nanoseconds rather than events: a
 *                time (<name> ends in _ns; Prometheus gives it in
 *                seconds, vmscope_<name less _ns>_seconds_total)
 *         TASK:  the kernel's own per-task count, read when asked
 *         SUM:   the sum of other keys (vms_sum_<name>() in the module)
 *         GAUGE: a level read when asked, not a count of events
 *   col   1 for a default column of the client's narrow tables
 *   help  one sentence: Prometheus's HELP, the client's field list
 *
 * The list is two: VMSCOPE_KEYS_MAIN, and VMSCOPE_KEYS_RARE, the counters
 * most processes never count (stalls and refaults).  The module keeps the
 * rare ones in a block it attaches to a process at its first; users see
 * one list.
 *
 * A new counter is a line here, its attribute in the proc and sys sets
 * and the proc-get, sys-get and exit-get replies of
 * Documentation/netlink/specs/vmscope.yaml (make check proves that the
 * two agree), and the hook that counts it.
 */
#ifndef _UAPI_LINUX_VMSCOPE_KEYS_H
#define _UAPI_LINUX_VMSCOPE_KEYS_H

#define VMSCOPE_KEYS_MAIN(X)						\
	X(minflt, MINFLT, TASK, 1,					\
	  "Minor page faults (the kernel's rules, as /proc/PID/stat).")	\
	X(majflt, MAJFLT, TASK, 1,					\
	  "Major page faults (the kernel's rules, as /proc/PID/stat).")	\
	X(cow_copy, COW_COPY, EVENT, 1,					\
	  "Write faults that copied a shared page (CoW breaks).")	\
	X(cow_reuse, COW_REUSE, EVENT, 0,				\
	  "Write faults on a write-protected anonymous page that reused it.") \
	X(pgtbl_pte, PGTBL_PTE, EVENT, 0,				\
	  "PTE page-table pages allocated.")				\
	X(pgtbl_pmd, PGTBL_PMD, EVENT, 0,				\
	  "PMD page-table pages allocated.")				\
	X(pgtbl_pud, PGTBL_PUD, EVENT, 0,				\
	  "PUD page-table pages allocated.")				\
	X(pgtbl_p4d, PGTBL_P4D, EVENT, 0,				\
	  "P4D page-table pages allocated.")				\
	X(pgtbl_alloc, PGTBL_ALLOC, SUM, 0,				\
	  "Page-table pages allocated, all levels.")			\
	X(pgtbl_bytes, PGTBL_BYTES, GAUGE, 0,				\
	  "Page-table memory held now (VmPTE, in bytes).")		\
	X(thp_fault, THP_FAULT, EVENT, 0,				\
	  "Faults that mapped a transparent huge page.")		\
	X(swapin, SWAPIN, EVENT, 1,					\
	  "Pages faulted back in from swap.")				\
	X(swapout, SWAPOUT, EVENT, 1,					\
	  "Pages unmapped to swap, charged to their owner whoever reclaimed them.") \
	X(oom_kill, OOM_KILL, EVENT, 0,					\
	  "Times killed as an OOM victim.")				\
	X(oom_trigger, OOM_TRIGGER, EVENT, 0,				\
	  "OOM killer invocations that chose a victim for its allocation.")

#define VMSCOPE_KEYS_RARE(X)						\
	X(workingset_refault_anon, WORKINGSET_REFAULT_ANON, EVENT, 0,	\
	  "Anonymous pages faulted back in after eviction (a shadow entry was found).") \
	X(workingset_refault_file, WORKINGSET_REFAULT_FILE, EVENT, 0,	\
	  "File pages read back in after eviction (a shadow entry was found).") \
	X(workingset_activate_anon, WORKINGSET_ACTIVATE_ANON, EVENT, 0,	\
	  "Refaulted anonymous pages that were in the working set: thrashing.") \
	X(workingset_activate_file, WORKINGSET_ACTIVATE_FILE, EVENT, 0,	\
	  "Refaulted file pages that were in the working set: thrashing.") \
	X(stall_reclaim, STALL_RECLAIM, EVENT, 0,			\
	  "Direct reclaims entered from its own allocations.")		\
	X(stall_reclaim_ns, STALL_RECLAIM_NS, NSEC, 0,			\
	  "Time in direct reclaim.")					\
	X(stall_compact, STALL_COMPACT, EVENT, 0,			\
	  "Direct compactions its own allocations ran (as /proc/vmstat compact_stall).")	\
	X(stall_compact_ns, STALL_COMPACT_NS, NSEC, 0,			\
	  "Time in direct compaction.")					\
	X(stall_thrashing, STALL_THRASHING, EVENT, 0,			\
	  "Waits for a working-set page being read back in.")		\
	X(stall_thrashing_ns, STALL_THRASHING_NS, NSEC, 0,		\
	  "Time waiting for working-set pages being read back in.")	\
	X(stall_swapin, STALL_SWAPIN, EVENT, 0,				\
	  "Swap-in reads it started.")					\
	X(stall_swapin_ns, STALL_SWAPIN_NS, NSEC, 0,			\
	  "Time in swap-in reads.")					\
	X(stall_memhigh, STALL_MEMHIGH, EVENT, 0,			\
	  "Throttlings for its cgroup being over memory.high.")		\
	X(stall_memhigh_ns, STALL_MEMHIGH_NS, NSEC, 0,			\
	  "Time throttled over memory.high.")

#define VMSCOPE_KEYS(X)		VMSCOPE_KEYS_MAIN(X) VMSCOPE_KEYS_RARE(X)

/*
 * VMSCOPE_SYS(X): the module's own numbers that sys-get and debugfs
 * "summary" give beside the system totals of the keys.  It calls
 * X(name, NAME, type, kind, help):
 *
 *   name, help  as for a key; NAME: VMSCOPE_A_SYS_<NAME>
 *   type  its netlink type in the spec: uint, u32 or u8
 *   kind  COUNTER: counts since load or reset (Prometheus _total)
 *         GAUGE: a level or a size
 *         BOOL: 0 or 1, shown as off and on
 */
#define VMSCOPE_SYS(X)							\
	X(unattributed, UNATTRIBUTED, uint, COUNTER,			\
	  "Events of the counters above charged to no tracked process.") \
	X(oom_records, OOM_RECORDS, uint, COUNTER,			\
	  "OOM kill records made since load or reset.")			\
	X(procs_tracked, PROCS_TRACKED, u32, GAUGE,			\
	  "Processes in the table now.")				\
	X(procs_max, PROCS_MAX, u32, GAUGE,				\
	  "Processes the table holds at most (max_procs).")		\
	X(procs_refused, PROCS_REFUSED, uint, COUNTER,			\
	  "Inserts refused because the table was full or its pool empty.") \
	X(exits_total, EXITS_TOTAL, uint, COUNTER,			\
	  "Exit records made since load or reset.")			\
	X(exits_kept_max, EXITS_KEPT_MAX, u32, GAUGE,			\
	  "Exit records the ring keeps (max_exits).")			\
	X(entry_bytes, ENTRY_BYTES, u32, GAUGE,				\
	  "Bytes of one table entry, as the slab gives it.")		\
	X(table_bytes, TABLE_BYTES, uint, GAUGE,			\
	  "Kernel memory of the table: entries, pool, chains, exits ring.") \
	X(events_dropped, EVENTS_DROPPED, uint, COUNTER,		\
	  "Event notifications lost (no memory, or overwritten first).") \
	X(latency, LATENCY, u8, BOOL,					\
	  "1 while the fault service-time probe is attached.")

/*
 * VMSCOPE_OOM(X): the fields of an OOM kill record, in the order users
 * see them.  It calls X(name, NAME, type, help):
 *
 *   name, help  as for a key; NAME: VMSCOPE_A_OOM_<NAME>
 *   type  UINT, U32, S32, STR; X32 (a u32 shown in hex), CONSTRAINT (a u32
 *         of enum oom-constraint, shown by name); OPT_UINT, OPT_STR: left
 *         out of a message when 0 or empty
 */
#define VMSCOPE_OOM(X)							\
	X(seq, SEQ, UINT,						\
	  "Record number, from 0 at load or reset; gaps are lost records.") \
	X(time_ns, TIME_NS, UINT, "CLOCK_REALTIME of the kill, ns.")	\
	X(pid, PID, U32,						\
	  "The victim's thread-group id (initial pid namespace).")	\
	X(comm, COMM, STR, "The victim's command.")			\
	X(uid, UID, U32, "The victim's real uid.")			\
	X(rss_anon_kb, RSS_ANON_KB, UINT, "Its anonymous memory, kB.")	\
	X(rss_file_kb, RSS_FILE_KB, UINT, "Its mapped file pages, kB.")	\
	X(rss_shmem_kb, RSS_SHMEM_KB, UINT, "Its shared memory, kB.")	\
	X(pgtbl_bytes, PGTBL_BYTES, UINT, "Its page tables, bytes.")	\
	X(oom_score_adj, OOM_SCORE_ADJ, S32, "Its oom_score_adj.")	\
	X(constraint, CONSTRAINT, CONSTRAINT,				\
	  "What limited the memory: global, cpuset, mempolicy or memcg.") \
	X(memcg_id, MEMCG_ID, OPT_UINT, "Cgroup id of the memcg.")	\
	X(memcg, MEMCG, OPT_STR, "Path of the memcg, when it could be named.") \
	X(trigger_pid, TRIGGER_PID, U32,				\
	  "The process whose allocation invoked the OOM killer.")	\
	X(trigger_comm, TRIGGER_COMM, STR, "Its command.")		\
	X(order, ORDER, S32, "Order of the allocation (-1 for sysrq).")	\
	X(gfp, GFP, X32, "GFP flags of the allocation.")

#endif /* _UAPI_LINUX_VMSCOPE_KEYS_H */
