// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: what memory costs a process in time, and its refaults.
 *
 * Stalls are PSI's memory stalls, told apart by cause.  The kernel brackets
 * every wait on memory it wants in memory.pressure with
 * psi_memstall_enter(&flags) and psi_memstall_leave(&flags), in the task
 * that waits, whatever kernel.task_delayacct says; a nested pair counts
 * once (the inner one is a no-op while current->in_memstall is set).  So:
 *
 *   enter   a process's task, not nested: open a slot keyed by the task and
 *           the &flags it passed, holding the time and the return address
 *   mark    direct reclaim (try_to_free_pages(), and
 *           try_to_free_mem_cgroup_pages() for memory.max and memory.high)
 *           and direct compaction (try_to_compact_pages(), at its return,
 *           with its result) say what the open slot of current is for:
 *           where they are inlined into one caller (the page allocator's
 *           slow path), the caller cannot
 *   leave   the slot of (current, &flags) closes: marked, it is reclaim or
 *           compaction; else its caller tells, thrashing (waiting on or
 *           reading back a working-set page) or memory.high throttling
 *
 * A window of no known kind (a block cgroup's throttle, say) is counted
 * by the leave hook and by no key.  Kernel threads take slots too: the
 * windows of kswapd and kcompactd have no kind, and a kernel thread's own
 * direct reclaim or compaction counts in the system totals, unattributed,
 * as /proc/vmstat counts it.
 *
 * A direct compaction counts as /proc/vmstat's compact_stall does: where
 * try_to_compact_pages() ran compaction in some zone, not where it was
 * skipped at once (too little free memory to compact with; and, on
 * kernels whose compaction takes the allocator's capture_control (7.x),
 * deferred after failures).  The time of every window is counted, as
 * taskstats and PSI count it.  The sum of a process's reclaim,
 * compaction, thrashing and memory.high times is the time PSI saw it
 * stalled on memory: for a process alone in its cgroup, memory.pressure's
 * "some total".  Swap-in reads are timed apart (stall_swapin): a kretprobe
 * on the function that reads one page, as taskstats' swapin delay is.
 * Where the page was in the working set that read is also a thrashing
 * stall, as taskstats counts it in both.
 *
 * The slots are a fixed table, claimed with cmpxchg and probed a few at a
 * time from a hash of the task: a stall may sleep and move to another CPU
 * between its ends, so no per-CPU state holds it.  Only the owner writes
 * a slot's fields after claiming it, and frees it.  A full table loses
 * the stall, counted as missed.  Nothing allocates, nothing sleeps.
 *
 * Refaults are counted where the kernel counts them for memory.stat:
 * each call from workingset_refault() to the function that updates a
 * lruvec's statistics, hooked by a kprobe on the call instruction itself
 * (hook_x86.c) so that the many other calls of that function, on every
 * fault, pay nothing.
 */
#include <linux/spinlock.h>
#include <linux/delayacct.h>
#include <linux/hash.h>
#include <linux/sched/clock.h>
#include <linux/mmzone.h>
#include <linux/compaction.h>
#include <linux/seq_file.h>
#include "probes.h"

#define VMS_STALL_BITS		10
#define VMS_STALL_SLOTS		BIT(VMS_STALL_BITS)
#define VMS_STALL_PROBE		8	/* slots tried from the hash */

enum {
	VMS_STALL_NONE,
	VMS_STALL_RECLAIM,
	VMS_STALL_COMPACT,
	VMS_STALL_THRASHING,
	VMS_STALL_MEMHIGH,
};

struct vms_stall {
	struct task_struct	*task;		/* owner; NULL: free */
	unsigned long		key;		/* the &flags of the pair */
	unsigned long		caller;		/* return address into it */
	u64			start;		/* local_clock() */
	u64			delay;		/* delays->thrashing_delay */
	unsigned int		kind;		/* set by a mark, or NONE */
	bool			ran;		/* COMPACT: not skipped */
};

static struct vms_stall vms_stalls[VMS_STALL_SLOTS];

/*
 * The callers of psi_memstall_enter() whose windows no mark tells apart,
 * by the kind of their windows.  Where one is inlined on a kernel, the
 * functions it is inlined into are listed too; vms_stall_init() keeps
 * those whose text calls psi_memstall_enter().
 */
static const struct {
	const char	*name;
	unsigned int	kind;
} vms_stall_names[] = {
	/* A locked working-set folio that is not uptodate: being read. */
	{ "folio_wait_bit_common",	VMS_STALL_THRASHING },
	{ "folio_wait_bit",		VMS_STALL_THRASHING },
	{ "folio_wait_bit_killable",	VMS_STALL_THRASHING },
	{ "__folio_lock",		VMS_STALL_THRASHING },
	{ "__folio_lock_killable",	VMS_STALL_THRASHING },
	{ "folio_put_wait_locked",	VMS_STALL_THRASHING },
	{ "migration_entry_wait_on_locked", VMS_STALL_THRASHING },
	{ "softleaf_entry_wait_on_locked", VMS_STALL_THRASHING },
	{ "filemap_read_folio",		VMS_STALL_THRASHING },
	{ "swap_readpage",		VMS_STALL_THRASHING },
	{ "swap_read_folio",		VMS_STALL_THRASHING },
	{ "read_pages",			VMS_STALL_THRASHING },
	{ "readahead_expand",		VMS_STALL_THRASHING },
	{ "page_cache_ra_unbounded",	VMS_STALL_THRASHING },
	/* The penalty sleep; reclaim_high()'s reclaim is marked. */
	{ "mem_cgroup_handle_over_high", VMS_STALL_MEMHIGH },
	{ "__mem_cgroup_handle_over_high", VMS_STALL_MEMHIGH },
	/* Node reclaim (vm.zone_reclaim_mode) calls shrink_node() itself. */
	{ "__node_reclaim",		VMS_STALL_RECLAIM },
	{ "node_reclaim",		VMS_STALL_RECLAIM },
};

#define VMS_STALL_CALLERS	ARRAY_SIZE(vms_stall_names)

/* Filled before the hooks are, read by their handlers. */
static struct {
	unsigned long	lo;
	unsigned long	len;		/* 0: not on this kernel */
} vms_stall_callers[VMS_STALL_CALLERS];

static const unsigned int vms_stall_ctr[][2] = {
	[VMS_STALL_RECLAIM]	= { VMS_C_STALL_RECLAIM, VMS_C_STALL_RECLAIM_NS },
	[VMS_STALL_COMPACT]	= { VMS_C_STALL_COMPACT, VMS_C_STALL_COMPACT_NS },
	[VMS_STALL_THRASHING]	= { VMS_C_STALL_THRASHING,
				    VMS_C_STALL_THRASHING_NS },
	[VMS_STALL_MEMHIGH]	= { VMS_C_STALL_MEMHIGH, VMS_C_STALL_MEMHIGH_NS },
};

static const unsigned int vms_stall_probe[] = {
	[VMS_STALL_RECLAIM]	= VMS_P_STALL_RECLAIM,
	[VMS_STALL_COMPACT]	= VMS_P_STALL_COMPACT,
	[VMS_STALL_THRASHING]	= VMS_P_STALL_THRASHING,
	[VMS_STALL_MEMHIGH]	= VMS_P_STALL_MEMHIGH,
};

/* Process context, before any stall hook is registered. */
void vms_stall_init(void)
{
	unsigned long enter = vms_func_start("psi_memstall_enter");
	unsigned int i, n = 0;

	for (i = 0; i < VMS_STALL_CALLERS; i++) {
		unsigned long lo, len;

		vms_stall_callers[i].len = 0;
		if (!enter || vms_func_calls(vms_stall_names[i].name, enter,
					     &lo, &len))
			continue;
		vms_stall_callers[i].lo = lo;
		vms_stall_callers[i].len = len;
		n++;
	}
	pr_debug("stall: %u of %zu callers of psi_memstall_enter found\n", n,
		 VMS_STALL_CALLERS);
}

/* The callers found on this kernel, for debugfs "stall_callers". */
int vms_stall_callers_show(struct seq_file *m)
{
	static const char *const kinds[] = {
		[VMS_STALL_RECLAIM] = "reclaim",
		[VMS_STALL_THRASHING] = "thrashing",
		[VMS_STALL_MEMHIGH] = "memhigh",
	};
	unsigned int i;

	seq_puts(m, "caller kind\n");
	for (i = 0; i < VMS_STALL_CALLERS; i++)
		if (vms_stall_callers[i].len)
			seq_printf(m, "%s %s\n", vms_stall_names[i].name,
				   kinds[vms_stall_names[i].kind]);
	return 0;
}

static unsigned int vms_stall_kind_of(unsigned long caller)
{
	unsigned int i;

	for (i = 0; i < VMS_STALL_CALLERS; i++)
		if (caller - vms_stall_callers[i].lo < vms_stall_callers[i].len)
			return vms_stall_names[i].kind;
	return VMS_STALL_NONE;
}

/*
 * The kernel's own time of current's thrashing waits, where delay
 * accounting runs (0 where it does not): its window is inside PSI's, and
 * the rise across a thrashing stall is the kernel's time of it.
 */
static u64 vms_thrashing_delay(void)
{
#ifdef CONFIG_TASK_DELAY_ACCT
	if (current->delays)
		return READ_ONCE(current->delays->thrashing_delay);
#endif
	return 0;
}

static __always_inline struct vms_stall *vms_stall_slot(unsigned int n)
{
	return &vms_stalls[(hash_ptr(current, VMS_STALL_BITS) + n) &
			   (VMS_STALL_SLOTS - 1)];
}

/* Current's open slot: with @key, or any if @key is 0. */
static struct vms_stall *vms_stall_find(unsigned long key)
{
	struct vms_stall *s;
	unsigned int n;

	for (n = 0; n < VMS_STALL_PROBE; n++) {
		s = vms_stall_slot(n);
		if (READ_ONCE(s->task) == current && (!key || s->key == key))
			return s;
	}
	return NULL;
}

/* psi_memstall_enter(flags), from @caller. */
unsigned int vms_stall_enter(unsigned long flags, unsigned long a1,
			     unsigned long caller)
{
	/*
	 * The clock first, as leave reads it: the hooks' cost up to here is
	 * the same at both ends, and the window is the caller's.
	 */
	u64 now = local_clock();
	struct vms_stall *s;
	unsigned int n;

#ifdef CONFIG_PSI
	/* Nested: PSI counts the outer window only, so does this. */
	if (current->in_memstall)
		return 0;
#endif
	for (n = 0; n < VMS_STALL_PROBE; n++) {
		s = vms_stall_slot(n);
		if (cmpxchg(&s->task, NULL, current))
			continue;
		s->key = flags;
		s->caller = caller;
		s->kind = VMS_STALL_NONE;
		s->ran = false;
		s->start = now;
		s->delay = vms_thrashing_delay();
		return VMS_HIT;
	}
	return VMS_MISS;
}

/* try_to_free_pages(), try_to_free_mem_cgroup_pages(): reclaim. */
unsigned int vms_stall_mark_reclaim(unsigned long a0, unsigned long a1,
				    unsigned long a2)
{
	struct vms_stall *s = vms_stall_find(0);

	if (!s)
		return 0;
	if (s->kind == VMS_STALL_NONE)
		s->kind = VMS_STALL_RECLAIM;
	return VMS_HIT;
}

/*
 * What __alloc_pages_direct_compact() does not count as a compaction stall
 * in /proc/vmstat: a result of try_to_compact_pages() below COMPACT_DEFERRED
 * (NOT_SUITABLE_ZONE, SKIPPED), or below COMPACT_NO_SUITABLE_PAGE from 7.x.
 */
#ifdef VMS_HAVE_COMPACT_CAPC
#define VMS_COMPACT_RAN		COMPACT_NO_SUITABLE_PAGE
#else
#define VMS_COMPACT_RAN		COMPACT_DEFERRED
#endif

/* try_to_compact_pages() returning: direct compaction, and its result. */
unsigned int vms_stall_mark_compact(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct vms_stall *s = vms_stall_find(0);

	if (!s)
		return 0;
	if (s->kind == VMS_STALL_NONE)
		s->kind = VMS_STALL_COMPACT;
	if ((int)regs_return_value(regs) >= VMS_COMPACT_RAN)
		s->ran = true;
	return VMS_HIT;
}

/*
 * psi_memstall_leave(flags): close current's slot of @flags, if it has
 * one (not nested, not opened before the hooks were).
 */
unsigned int vms_stall_leave(unsigned long flags, unsigned long a1,
			     unsigned long a2)
{
	/* The clock first, as enter reads it. */
	u64 ns = local_clock();
	struct vms_stall *s = vms_stall_find(flags);
	unsigned int kind;
	struct vms_proc *e;
	bool ok, ran;

	if (!s)
		return 0;
	/* Across CPUs local_clock() may step back a little: none, then. */
	ns = (s64)(ns - s->start) > 0 ? ns - s->start : 0;
	kind = s->kind ?: vms_stall_kind_of(s->caller);
	/*
	 * Delay accounting's own cost (its clock, then a lock, at the end)
	 * falls inside this window: 0.4 us of an 11 us wait under TCG.  Where
	 * it runs, its time is the one to give.
	 */
	if (kind == VMS_STALL_THRASHING && vms_thrashing_delay() != s->delay)
		ns = vms_thrashing_delay() - s->delay;
	ran = s->ran;
	/* The fields before the slot is another task's to claim. */
	smp_store_release(&s->task, NULL);
	if (kind == VMS_STALL_NONE)
		return VMS_HIT;
	rcu_read_lock();
	e = vms_proc_current();
	ok = vms_count(e, vms_stall_ctr[kind][1], ns);
	/* A compaction skipped at once: its time, not a compaction. */
	if (kind != VMS_STALL_COMPACT || ran)
		ok = vms_count(e, vms_stall_ctr[kind][0], 1) && ok;
	rcu_read_unlock();
	return VMS_HIT | VMS_HIT_AS(vms_stall_probe[kind]) | (ok ? 0 : VMS_MISS);
}

/*
 * The function that reads one swapped page in, timed by a kretprobe.  Its
 * own cost (the return trampoline, and the entry's after the clock is
 * read) is in the time: as much as the read of a page from zram takes
 * under TCG.  Where the kernel times the read itself (kernel.task_delayacct
 * on: taskstats' swap-in delay, current's alone to write), the time is
 * the kernel's, the rise of current->delays->swapin_delay across the call.
 */
struct vms_swapin_call {
	u64	t0;
	u64	delay;
};

static u64 vms_swapin_delay(void)
{
#ifdef CONFIG_TASK_DELAY_ACCT
	if (current->delays)
		return READ_ONCE(current->delays->swapin_delay);
#endif
	return 0;
}

int vms_swapin_wait_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vms_swapin_call *c = (void *)ri->data;

	if (current->flags & PF_KTHREAD)
		return 1;
	c->delay = vms_swapin_delay();
	c->t0 = local_clock();
	return 0;
}

unsigned int vms_swapin_wait_ret(struct kretprobe_instance *ri,
				 struct pt_regs *regs)
{
	struct vms_swapin_call *c = (void *)ri->data;
	u64 ns = local_clock() - c->t0;
	u64 delay = vms_swapin_delay() - c->delay;
	struct vms_proc *e;
	bool ok;

	if ((s64)ns < 0)
		ns = 0;

	rcu_read_lock();
	e = vms_proc_current();
	ok = vms_count(e, VMS_C_STALL_SWAPIN, 1) &&
	     vms_count(e, VMS_C_STALL_SWAPIN_NS, delay ?: ns);
	rcu_read_unlock();
	return ok ? VMS_HIT : VMS_HIT | VMS_MISS;
}

/*
 * workingset_refault() calling (__)mod_lruvec_state(lruvec, idx, val):
 * the counts memory.stat shows, in the task that read the page back.
 */
unsigned int vms_refault(unsigned long lruvec, unsigned long idx,
			 unsigned long val)
{
	struct vms_proc *e;
	unsigned int c;
	bool ok;

	switch ((int)idx) {
	case WORKINGSET_REFAULT_ANON:
		c = VMS_C_WORKINGSET_REFAULT_ANON;
		break;
	case WORKINGSET_REFAULT_FILE:
		c = VMS_C_WORKINGSET_REFAULT_FILE;
		break;
	case WORKINGSET_ACTIVATE_ANON:
		c = VMS_C_WORKINGSET_ACTIVATE_ANON;
		break;
	case WORKINGSET_ACTIVATE_FILE:
		c = VMS_C_WORKINGSET_ACTIVATE_FILE;
		break;
	default:
		return 0;	/* WORKINGSET_RESTORE_*: not a key */
	}

	rcu_read_lock();
	e = vms_proc_current();
	ok = vms_count(e, c, (int)val);
	rcu_read_unlock();
	return ok ? VMS_HIT : VMS_HIT | VMS_MISS;
}
